import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_ERROR_BODY_BYTES,
  DEFAULT_MAX_RESPONSE_BYTES,
  InternalServerError,
  ResponseTooLargeError,
} from "../src/index.js";
import { FAST, harness, rejectionOf } from "./helpers.js";

const h = harness();

/**
 * A responder that streams an endless JSON-looking body and records how much it managed to write before the
 * client closed the socket: the client must stop reading, not buffer forever.
 */
function endless(status: number, written: { bytes: number; closed: boolean }) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", "x-request-id": "req-big" });
    const chunk = Buffer.alloc(64 * 1024, "a");
    res.write('{"pad":"');
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) written.bytes += chunk.length;
      if (!res.destroyed) res.once("drain", pump);
    };
    res.on("close", () => {
      written.closed = true;
    });
    pump();
  };
}

describe("response body caps", () => {
  it("defaults: 10 MiB for results, 64 KiB for error bodies", () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * 1024 * 1024);
    expect(DEFAULT_MAX_ERROR_BODY_BYTES).toBe(64 * 1024);
  });

  it.each(["dispatch", "fetch"] as const)(
    "an endless 200 body past maxResponseBytes fails with ResponseTooLargeError and the socket is closed (%s)",
    async (transport) => {
      const server = await h.server();
      const written = { bytes: 0, closed: false };
      server.route("GET", "/v1/big", endless(200, written));
      const { client } = h.client(server, {
        maxResponseBytes: 256 * 1024,
        ...(transport === "fetch" ? { fetch: (url, init) => fetch(url, init) } : {}),
      });
      const error = await rejectionOf(client.request({ method: "GET", path: "/v1/big" }));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      const tooLarge = error as ResponseTooLargeError;
      expect(tooLarge.code).toBe("response_too_large");
      expect(tooLarge.limit).toBe(256 * 1024);
      expect(tooLarge.limitKind).toBe("response");
      expect(tooLarge.requestId).toBe("req-big");
      expect(tooLarge.message).toMatch(/262144-byte cap \(maxResponseBytes\)/);
      // Not retried (a deterministic answer), and the server saw the connection go away.
      expect(server.requests).toHaveLength(1);
      await expect.poll(() => written.closed).toBe(true);
      expect(written.bytes).toBeLessThan(64 * 1024 * 1024);
      expect(JSON.stringify(tooLarge.toJSON())).not.toContain("aaaa");
    },
  );

  it("a declared Content-Length over the cap fails before the body is read", async () => {
    const server = await h.server();
    server.route("GET", "/v1/x", { body: { pad: "b".repeat(5000) } });
    const { client } = h.client(server);
    const error = await rejectionOf(client.request({ method: "GET", path: "/v1/x", maxResponseBytes: 1000 }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limit).toBe(1000);
  });

  it("a body exactly at the cap is accepted", async () => {
    const server = await h.server();
    const body = JSON.stringify({ pad: "c".repeat(990) });
    server.route("GET", "/v1/x", { body, headers: { "content-type": "application/json" } });
    const { client } = h.client(server);
    const size = Buffer.byteLength(body);
    await expect(client.request({ method: "GET", path: "/v1/x", maxResponseBytes: size })).resolves.toEqual({
      pad: "c".repeat(990),
    });
  });

  it("an endless error body keeps only a 1 KiB prefix, memory stays bounded, and the status still decides", async () => {
    const server = await h.server();
    const written = { bytes: 0, closed: false };
    server.route("GET", "/v1/x", endless(500, written));
    const { client } = h.client(server, { maxRetries: 0 });
    const error = await rejectionOf(client.request({ method: "GET", path: "/v1/x" }));
    expect(error).toBeInstanceOf(InternalServerError);
    const apiError = error as InternalServerError;
    expect(typeof apiError.body).toBe("string");
    expect((apiError.body as string).length).toBeLessThanOrEqual(1024);
    expect((apiError.body as string).startsWith('{"pad":"aaa')).toBe(true);
    expect(apiError.message.length).toBeLessThan(2200);
    await expect.poll(() => written.closed).toBe(true);
  });

  it("an oversized 500 is still retried, each attempt bounded by the error cap", async () => {
    const server = await h.server();
    const big = { status: 500, headers: FAST, body: "e".repeat(200_000) };
    server.route("GET", "/v1/x", big, big, { body: { ok: true } });
    const { client } = h.client(server, { maxErrorBodyBytes: 4096 });
    expect(await client.request({ method: "GET", path: "/v1/x" })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it("rejects caps that are not positive integers", async () => {
    const server = await h.server();
    const { client } = h.client(server);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(
        client.request({ method: "GET", path: "/x", maxResponseBytes: bad }),
      ).rejects.toMatchObject({
        code: "invalid_request",
        field: "maxResponseBytes",
      });
    }
    expect(server.requests).toHaveLength(0);
  });
});
