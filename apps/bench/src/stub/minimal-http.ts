import type { Socket } from "node:net";

/** One complete request as {@link serveMinimalHttp} reads it. */
export interface MinimalRequest {
  method: string;
  /** Request target as sent, e.g. `/v1/guard`. */
  path: string;
  /** Header values by lower-case name (a repeated header keeps its last value). */
  headers: Map<string, string>;
  body: Buffer;
}

/** Bounds on what a client may send. */
export interface MinimalHttpLimits {
  /** Largest request head (request line plus headers), bytes; past it the answer is 431 and the socket closes. */
  maxHeaderBytes: number;
  /** Largest request body, bytes; past it the answer is 413 and the socket closes. */
  maxBodyBytes: number;
}

const HEAD_END = Buffer.from("\r\n\r\n");
const EMPTY = Buffer.alloc(0);

const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
  501: "Not Implemented",
};

/** A complete HTTP/1.1 response with a JSON body, ready to write (build fixed ones once and reuse them). */
export function jsonResponse(status: number, body: string | Buffer, close = false): Buffer {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const head =
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Status"}\r\n` +
    "content-type: application/json\r\n" +
    `content-length: ${bytes.length}\r\n` +
    "x-request-id: req_bench_stub\r\n" +
    (close ? "connection: close\r\n" : "connection: keep-alive\r\nkeep-alive: timeout=60\r\n") +
    "\r\n";
  return Buffer.concat([Buffer.from(head, "latin1"), bytes]);
}

/**
 * Serves keep-alive HTTP/1.1 on one socket with far less work per request than `node:http` (no
 * `IncomingMessage`/`ServerResponse` streams), so that a benchmark's server costs little next to its client:
 * requests with a `content-length` body (or none) are read in order, pipelined ones included, and `handle`'s
 * answer is written for each; responses to requests that arrived together go out in one write. Chunked request
 * bodies are answered 501, a head or body over its limit 431/413, a malformed head 400; each of those closes the
 * socket. Memory per socket is bounded by the limits.
 */
export function serveMinimalHttp(
  socket: Socket,
  handle: (request: MinimalRequest) => Buffer,
  limits: MinimalHttpLimits,
): void {
  let pending: Buffer = EMPTY;
  let closed = false;
  const fail = (status: number) => {
    closed = true;
    pending = EMPTY;
    socket.end(jsonResponse(status, `{"title":"${REASONS[status] ?? "error"}"}`, true));
  };
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    if (closed) return;
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    socket.cork();
    try {
      while (!closed) {
        const end = pending.indexOf(HEAD_END);
        if (end === -1) {
          if (pending.length > limits.maxHeaderBytes) fail(431);
          return;
        }
        if (end > limits.maxHeaderBytes) return fail(431);
        const lines = pending.toString("latin1", 0, end).split("\r\n");
        const [method, path, version] = (lines[0] ?? "").split(" ");
        if (!method || !path?.startsWith("/") || !version?.startsWith("HTTP/1.")) return fail(400);
        const headers = new Map<string, string>();
        for (let i = 1; i < lines.length; i++) {
          const line = lines[i]!;
          const colon = line.indexOf(":");
          if (colon <= 0) return fail(400);
          headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        if (headers.has("transfer-encoding")) return fail(501);
        const declared = headers.get("content-length") ?? "0";
        const length = /^\d{1,10}$/.test(declared) ? Number(declared) : Number.NaN;
        if (Number.isNaN(length)) return fail(400);
        if (length > limits.maxBodyBytes) return fail(413);
        const total = end + HEAD_END.length + length;
        if (pending.length < total) return; // the rest of the body has not arrived
        const body = pending.subarray(end + HEAD_END.length, total);
        pending = pending.length === total ? EMPTY : pending.subarray(total);
        socket.write(handle({ method, path, headers, body }));
        if (headers.get("connection")?.toLowerCase() === "close") {
          closed = true;
          socket.end();
        }
      }
    } finally {
      socket.uncork();
    }
  });
}
