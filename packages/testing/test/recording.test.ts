import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/index.js";

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe("recorded requests", () => {
  it("records method, url, path, query, headers, body and parsed JSON", async () => {
    server.route("POST", "/v1/items", { status: 201 });
    const before = Date.now();
    await fetch(`${server.url}/v1/items?limit=2&tag=a&tag=b`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Request-Id": "req-1" },
      body: JSON.stringify({ name: "widget", n: 3 }),
    });
    const [req] = server.requestsTo("post", "/v1/items");
    expect(req).toBeDefined();
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/v1/items?limit=2&tag=a&tag=b");
    expect(req!.path).toBe("/v1/items");
    expect(req!.query.get("limit")).toBe("2");
    expect(req!.query.getAll("tag")).toEqual(["a", "b"]);
    expect(req!.headers["x-request-id"]).toBe("req-1");
    expect(req!.body).toBe('{"name":"widget","n":3}');
    expect(req!.json).toEqual({ name: "widget", n: 3 });
    expect(req!.form).toBeUndefined();
    expect(req!.attempt).toBe(1);
    expect(req!.connection).toBe(1);
    expect(req!.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it("parses x-www-form-urlencoded bodies into form and leaves json undefined", async () => {
    server.route("POST", "/oauth/token", { body: { access_token: "t" } });
    await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "a b" }),
    });
    const [req] = server.requests;
    expect(req!.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req!.form?.get("grant_type")).toBe("client_credentials");
    expect(req!.form?.get("scope")).toBe("a b");
    expect(req!.json).toBeUndefined();
  });

  it("leaves json undefined for empty or non-JSON bodies", async () => {
    server.route("PUT", "/raw", {});
    await fetch(`${server.url}/raw`, { method: "PUT", body: "not json" });
    await fetch(`${server.url}/raw`, { method: "PUT" });
    expect(server.requests.map((req) => [req.body, req.json])).toEqual([
      ["not json", undefined],
      ["", undefined],
    ]);
  });

  it("reads the whole body before the responder runs, even when it arrives in pieces", async () => {
    const seen: string[] = [];
    server.route("POST", "/stream", (req) => {
      seen.push(req.body);
      return { body: { length: req.body.length } };
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const part of ["part-1;", "part-2;", "part-3"]) {
          controller.enqueue(encoder.encode(part));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/stream`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await res.json()).toEqual({ length: 20 });
    expect(seen).toEqual(["part-1;part-2;part-3"]);
  });

  it("counts attempts per route, and per method+path for unrouted requests", async () => {
    server.route("GET", "/a", { status: 503 }, { status: 200 });
    for (const path of ["/a", "/b", "/a", "/b", "/a"])
      await (await fetch(`${server.url}${path}`)).arrayBuffer();
    await (await fetch(`${server.url}/b`, { method: "POST" })).arrayBuffer();
    expect(server.requests.map((req) => `${req.method} ${req.path} #${req.attempt}`)).toEqual([
      "GET /a #1",
      "GET /b #1",
      "GET /a #2",
      "GET /b #2",
      "GET /a #3",
      "POST /b #1",
    ]);
  });
});

describe("connection counting", () => {
  it("sees one connection when the client reuses it with keep-alive", async () => {
    server.route("GET", "/ping", { body: { pong: true } });
    for (let i = 0; i < 3; i += 1) {
      expect(await (await fetch(`${server.url}/ping`)).json()).toEqual({ pong: true });
      // undici hands the socket back to its pool on the next tick after the body completes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.requests.map((req) => req.connection)).toEqual([1, 1, 1]);
    expect(server.connectionCount).toBe(1);
  });

  it("sees a new connection after the server resets the previous one", async () => {
    server.route("GET", "/flaky", { fault: "reset" }, { body: "ok" });
    await expect(fetch(`${server.url}/flaky`)).rejects.toBeInstanceOf(TypeError);
    expect(await (await fetch(`${server.url}/flaky`)).text()).toBe("ok");
    expect(server.connectionCount).toBe(2);
    expect(server.requests.map((req) => req.connection)).toEqual([1, 2]);
  });
});
