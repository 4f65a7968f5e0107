import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, prompt, startHarness } from "./support/helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ bodyLimitBytes: 4096 });
});
afterAll(() => h?.server.close());

describe("frame", () => {
  it("reports url, key and tenant", () => {
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.server.apiKey).toMatch(/^zid_sk_/);
    expect(h.server.accountId).toBeTruthy();
    expect(h.server.projectId).toBeTruthy();
  });

  it("every response has an x-request-id; a sane client id is echoed", async () => {
    const a = await fetch(`${h.server.url}/nope`);
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const b = await h.post("/v1/guard", prompt("hi"), { "x-request-id": "client-req-42" });
    expect(b.headers.get("x-request-id")).toBe("client-req-42");
    expect(((await b.json()) as { request_id: string }).request_id).toBe("client-req-42");
    const c = await fetch(`${h.server.url}/nope`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(c.headers.get("x-request-id")).not.toBe("bad id with spaces");
  });

  it("unknown route → 404 problem+json", async () => {
    const res = await fetch(`${h.server.url}/v2/guard`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 404,
      title: "not_found",
      detail: "no route for POST /v2/guard",
    });
  });

  it("body over the limit → 413 problem+json (declared and streamed)", async () => {
    const res = await h.post("/v1/guard", prompt("a".repeat(5000)));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, detail: "request body exceeds 4096 bytes" });
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${h.server.url}/v1/guard`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write("x".repeat(3000));
      req.end("y".repeat(3000));
    });
    expect(chunked).toBe(413);
  });

  it("garbage on the socket does not crash the server", async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(h.server.url).port), "127.0.0.1", () =>
        socket.write("GARBAGE \x00\x01 HTTP/9\r\n\r\n"),
      );
      let data = "";
      socket.on("data", (d) => {
        data += d.toString();
      });
      socket.on("close", () => resolve(data));
      socket.on("error", () => resolve(data));
    });
    // The parser fails on the method token first: an unknown method is 501 (RFC 9110 §9.1), with a problem body.
    expect(reply).toMatch(/^HTTP\/1\.1 501 /);
    expect(reply).toContain("content-type: application/problem+json");
    expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4))).toMatchObject({ status: 501 });
    expect((await fetch(`${h.server.url}/v1/health`)).status).toBe(200);
  });

  it("hostile bodies get problems, never a crash", async () => {
    for (const body of [
      '{"content": {"__proto__": 1}}',
      '{"content":"x","content_type":"prompt","action":"process_prompt","metadata":{"a":[[[[[[[[[[[1.5]]]]]]]]]]]}}',
      "\u0000",
    ]) {
      const res = await h.post("/v1/guard", body);
      expect([200, 400]).toContain(res.status);
    }
    expect((await fetch(`${h.server.url}/v1/health`)).status).toBe(200);
  });

  it("close() is idempotent and stops listening", async () => {
    const s = await startHarness();
    await Promise.all([s.server.close(), s.server.close()]);
    await expect(fetch(`${s.server.url}/v1/health`)).rejects.toThrow();
  });
});
