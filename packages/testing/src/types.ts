import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/** One request as the test server received it. The body is fully read before any responder runs. */
export interface RecordedRequest {
  /** HTTP method, upper case as sent by the client (e.g. `"POST"`). */
  method: string;
  /** Request target: path plus query string (e.g. `"/v1/items?limit=2"`). */
  url: string;
  /** Path without the query string (e.g. `"/v1/items"`). */
  path: string;
  /** Parsed query string. */
  query: URLSearchParams;
  /** Request headers; names are lower case. */
  headers: IncomingHttpHeaders;
  /** Raw body decoded as UTF-8; `""` when the request had no body. */
  body: string;
  /** The body parsed as JSON, or `undefined` when it is empty or not valid JSON. */
  json: unknown;
  /** The parsed body when the content type is `application/x-www-form-urlencoded`, otherwise `undefined`. */
  form?: URLSearchParams;
  /**
   * 1-based index of this request among requests answered by the same route (or, for unrouted requests,
   * among unrouted requests with the same method and path).
   */
  attempt: number;
  /**
   * 1-based id of the TCP connection that carried the request, in accept order; equal ids mean the client
   * reused a keep-alive connection.
   */
  connection: number;
  /** When the request line arrived, in epoch milliseconds (`Date.now()`). */
  receivedAt: number;
}

/**
 * Custom handler for a route. It may answer through `res` itself (and return nothing; a response it never ends
 * stays open until the client leaves or the server closes), or return a {@link ScriptedResponse} for the server
 * to send. A thrown error or rejected promise is answered with 500
 * and recorded in {@link TestServer.errors}.
 */
export type Responder = (
  req: RecordedRequest,
  res: ServerResponse,
  // biome-ignore lint/suspicious/noConfusingVoidType: async responders that answer through `res` return Promise<void>.
) => void | ScriptedResponse | Promise<void | ScriptedResponse>;

/** Server-side failure to simulate instead of (or in the middle of) a normal response. */
export type ServerFault =
  /** Reset the TCP connection (RST) before any response bytes are written. */
  | "reset"
  /** Never answer; the socket stays open until the client gives up or {@link TestServer.close} runs. */
  | "stall"
  /** Send the status line, headers and part of the body, then destroy the socket. */
  | "reset-after-headers"
  /** Declare `content-length` of the full body, send half of it, then end the socket. */
  | "truncate";

/** Server-sent-events stream to send as the response body. */
export interface SSEScript {
  /** Events in order; strings are written verbatim, frames are encoded with {@link encodeSSE}. */
  events: Array<string | SSEFrame>;
  /**
   * Split the whole encoded stream into writes of this many bytes (may cut through events and multi-byte
   * characters). Default: one write per event.
   */
  chunkSize?: number;
  /** Milliseconds to wait between writes. Default: yield to the event loop once (`setImmediate`). */
  chunkDelayMs?: number;
  /** Write only the first half of the last event, then end the stream. Default `false`. */
  endMidEvent?: boolean;
  /** Line terminator used when encoding frames. Default `"\n"`. */
  lineEnding?: "\n" | "\r" | "\r\n";
  /** Leave the response open after the last write (until the client leaves or the server closes). Default `false`. */
  keepOpen?: boolean;
}

/** A declarative response. Every field is optional; `{}` answers `200` with an empty body. */
export interface ScriptedResponse {
  /** Status code. Default `200`. */
  status?: number;
  /** Response headers. A given `content-type` overrides the default derived from `body`. */
  headers?: Record<string, string | string[]>;
  /**
   * Response body. `string` is sent as-is (default content type `text/plain; charset=utf-8`), `Buffer` /
   * `Uint8Array` as-is (default `application/octet-stream`), anything else other than `undefined` as JSON
   * (default `application/json`). Default: empty body.
   */
  body?: unknown;
  /** Milliseconds to wait before sending headers (or before applying `fault`). Default `0`. */
  delayMs?: number;
  /** Failure to simulate. Default: none. See {@link ServerFault}. */
  fault?: ServerFault;
  /** Send a `text/event-stream` body instead of `body`. */
  sse?: SSEScript;
}

/** One server-sent event. Only the fields that are set are written. */
export interface SSEFrame {
  /** `event:` field. */
  event?: string;
  /** `data:` field; objects are JSON-encoded, multi-line strings become several `data:` lines. */
  data?: string | object;
  /** `id:` field. */
  id?: string;
  /** `retry:` field, in milliseconds. */
  retry?: number;
  /** Comment line (`: text`), written first. */
  comment?: string;
}

/** What a route answers: one response, or several used in order (the last one repeats). */
export type RouteScript = ScriptedResponse | Responder | Array<ScriptedResponse | Responder>;

/** Options for {@link startTestServer}. */
export interface TestServerOptions {
  /**
   * Routes to register up front, keyed by `"METHOD /path"` (e.g. `"POST /oauth/token"`, `"* /health"`).
   * Equivalent to calling {@link TestServer.route} for each entry. Default: none.
   */
  routes?: Record<string, RouteScript>;
  /** Interface to listen on. Default `"127.0.0.1"`. The port is always chosen by the OS (port 0). */
  host?: string;
}

/** A real `node:http` server on an ephemeral port with scripted routes and a log of what it received. */
export interface TestServer extends AsyncDisposable {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /** The port the server listens on. */
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Errors thrown by responders (each was answered with 500), in order. */
  readonly errors: unknown[];
  /** Number of TCP connections accepted so far (to prove keep-alive reuse). */
  readonly connectionCount: number;
  /** Requests whose method (case-insensitive; `"*"` matches any) and exact path (query ignored) match. */
  requestsTo(method: string, path: string): RecordedRequest[];
  /**
   * Script a route. Responses are used in order; the last one repeats. A {@link Responder} may be mixed in.
   * Routes match method + exact path (query ignored); `"*"` as method matches any. Registering the same
   * method and path again replaces the script and restarts its sequence.
   */
  route(method: string, path: string, ...responses: Array<ScriptedResponse | Responder>): this;
  /** Fallback for unrouted requests: 404 JSON `{ error: "not_found" }` by default. */
  fallback(responder: ScriptedResponse | Responder): this;
  /** Destroys every open socket (stalled and keep-alive ones too) and resolves once the server is closed. Idempotent. */
  close(): Promise<void>;
}
