import type { IncomingMessage, ServerResponse } from "node:http";

/** Everything a route handler needs for one request: the parsed URL, the raw body, and response helpers. */
export interface RequestContext {
  /** The node request (its body is already read into {@link RequestContext.rawBody}). */
  readonly req: IncomingMessage;
  /** The node response to answer on. */
  readonly res: ServerResponse;
  /** Upper-cased request method. */
  readonly method: string;
  /** The request target parsed against `http://localhost` (use `pathname` and `searchParams`). */
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
  /** Answers the request and resolves `true` when the route is this handler's, else resolves `false`. */
  handle(ctx: RequestContext): Promise<boolean>;
}
