#!/usr/bin/env node
/**
 * The minimal guard server of the `client` benchmark, run as its own process (pinned to its own CPU): HTTP/1.1
 * on a `node:net` server on 127.0.0.1, port 0 (`minimal-http.ts`, much less work per request than `node:http`),
 * that answers the token exchange and `POST /v1/guard` with fixed, schema-valid bodies, so that nearly all the
 * measured time is the client's and the server is never what limits throughput.
 *
 * Environment: `BENCH_API_KEY` (required), the service key it accepts. On start it prints one JSON line,
 * `{"url":"http://127.0.0.1:PORT"}`; it exits when its stdin closes (the benchmark ended or died).
 *
 * Routes: `POST /oauth2/token` (`{"grant_type":"api_key","api_key":…}` → a JWT-shaped bearer token),
 * `POST /v1/guard` (bearer token required, `content` required → a fixed `allow` GuardResponse),
 * `GET /stats` (request counts, for the benchmark's checks). Anything else is a 404.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { exitWithParent } from "../processes/parent-watch.js";
import { guardResponseBody, mintToken, type StubStats, TOKEN_LIFETIME_S } from "./guard-stub-fixture.js";
import { jsonResponse, type MinimalRequest, serveMinimalHttp } from "./minimal-http.js";

/** Largest request body read, bytes; a larger one is answered 413 and the connection closed. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Largest request head, bytes. */
const MAX_HEADER_BYTES = 64 * 1024;

const apiKey = process.env.BENCH_API_KEY;
if (!apiKey) {
  process.stderr.write("BENCH_API_KEY is required\n");
  process.exit(2);
}
const token = mintToken(randomBytes(8).toString("hex"));
const bearer = `Bearer ${token}`;
const stats: StubStats = { tokenExchanges: 0, tokenRejected: 0, guardOk: 0, guardRejected: 0 };

// The answers the measured calls get, built once.
const GUARD_OK = jsonResponse(200, guardResponseBody());
const GUARD_UNAUTHORIZED = jsonResponse(401, '{"title":"rejected by the bench stub"}');
const GUARD_BAD_REQUEST = jsonResponse(400, '{"title":"rejected by the bench stub"}');
const NOT_FOUND = jsonResponse(404, '{"title":"not found"}');

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function handle(req: MinimalRequest): Buffer {
  if (req.method === "POST" && req.path === "/v1/guard") {
    if (req.headers.get("authorization") !== bearer) {
      stats.guardRejected++;
      return GUARD_UNAUTHORIZED;
    }
    if (typeof parseObject(req.body)?.content !== "string") {
      stats.guardRejected++;
      return GUARD_BAD_REQUEST;
    }
    stats.guardOk++;
    return GUARD_OK;
  }
  if (req.method === "POST" && req.path === "/oauth2/token") {
    const body = parseObject(req.body);
    if (body?.grant_type !== "api_key" || body.api_key !== apiKey) {
      stats.tokenRejected++;
      return jsonResponse(400, '{"error":"invalid_grant"}');
    }
    stats.tokenExchanges++;
    return jsonResponse(
      200,
      JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: TOKEN_LIFETIME_S }),
    );
  }
  if (req.method === "GET" && req.path === "/stats") return jsonResponse(200, JSON.stringify(stats));
  return NOT_FOUND;
}

const server = createServer({ noDelay: true }, (socket) =>
  serveMinimalHttp(socket, handle, { maxHeaderBytes: MAX_HEADER_BYTES, maxBodyBytes: MAX_BODY_BYTES }),
);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") process.exit(1);
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
exitWithParent();
