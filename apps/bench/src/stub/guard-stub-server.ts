#!/usr/bin/env node
/**
 * The minimal guard server of the `client` benchmark, run as its own process (pinned to its own CPU): a
 * `node:http` server on 127.0.0.1, port 0, that answers the token exchange and `POST /v1/guard` with fixed,
 * schema-valid bodies, so that nearly all the measured time is the client's.
 *
 * Environment: `BENCH_API_KEY` (required), the service key it accepts. On start it prints one JSON line,
 * `{"url":"http://127.0.0.1:PORT"}`; it exits when its stdin closes (the benchmark ended or died).
 *
 * Routes: `POST /oauth2/token` (`{"grant_type":"api_key","api_key":…}` → a JWT-shaped bearer token),
 * `POST /v1/guard` (bearer token required, `content` required → a fixed `allow` GuardResponse),
 * `GET /stats` (request counts, for the benchmark's checks). Anything else is a 404.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { exitWithParent } from "../processes/parent-watch.js";
import { guardResponseBody, mintToken, type StubStats, TOKEN_LIFETIME_S } from "./guard-stub-fixture.js";

/** Largest request body read, bytes; a larger one is answered 413 and the connection closed. */
const MAX_BODY_BYTES = 1024 * 1024;

const apiKey = process.env.BENCH_API_KEY;
if (!apiKey) {
  process.stderr.write("BENCH_API_KEY is required\n");
  process.exit(2);
}
const token = mintToken(randomBytes(8).toString("hex"));
const bearer = `Bearer ${token}`;
const guardBody = guardResponseBody();
const stats: StubStats = { tokenExchanges: 0, tokenRejected: 0, guardOk: 0, guardRejected: 0 };

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(undefined));
  });
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-request-id": "req_bench_stub",
  });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? "/";
  if (req.method === "POST" && path === "/v1/guard") {
    const body = parseObject(await readBody(req));
    if (req.headers.authorization !== bearer || typeof body?.content !== "string") {
      stats.guardRejected++;
      send(res, req.headers.authorization !== bearer ? 401 : 400, '{"title":"rejected by the bench stub"}');
      return;
    }
    stats.guardOk++;
    send(res, 200, guardBody);
    return;
  }
  if (req.method === "POST" && path === "/oauth2/token") {
    const body = parseObject(await readBody(req));
    if (body?.grant_type !== "api_key" || body.api_key !== apiKey) {
      stats.tokenRejected++;
      send(res, 400, '{"error":"invalid_grant"}');
      return;
    }
    stats.tokenExchanges++;
    send(
      res,
      200,
      JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: TOKEN_LIFETIME_S }),
    );
    return;
  }
  if (req.method === "GET" && path === "/stats") {
    send(res, 200, JSON.stringify(stats));
    return;
  }
  req.resume();
  send(res, 404, '{"title":"not found"}');
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => res.destroy());
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") process.exit(1);
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
exitWithParent();
