import type { IncomingMessage, ServerResponse } from "node:http";

/** Everything a route handler needs for one request: the parsed URL, the raw body, and response helpers. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly url: URL;
  /** Raw request body (already read, size-limited). */
  readonly rawBody: Buffer;
  /** Lower-cased header lookup; repeated headers joined with ", ". */
  header(name: string): string | undefined;
  /** Request id assigned by the server, echoed as `x-request-id`. */
  readonly requestId: string;
}

/** A service mounted on the dev server answers the requests it owns and returns false for the rest. */
export interface RouteHandler {
  handle(ctx: RequestContext): Promise<boolean>;
}
