import type { Socket } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { type FetchLike, HighflameError, HttpClient, InternalServerError } from "../src/index.js";
import { FAST, harness } from "./helpers.js";

const agents = vi.hoisted(() => ({ created: 0, options: [] as unknown[] }));
vi.mock("undici", async (importOriginal) => {
  const real = await importOriginal<typeof import("undici")>();
  class CountingAgent extends real.Agent {
    constructor(...args: ConstructorParameters<typeof real.Agent>) {
      super(...args);
      agents.created++;
      agents.options.push(args[0]);
    }
  }
  return { ...real, Agent: CountingAgent };
});

const h = harness();

/** A route whose responder remembers the server-side socket, so the test can see when the client closes it. */
function socketCloses(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));
}

describe("keep-alive pool", () => {
  it("the pool's own header/body timeouts are off, so they never undercut the SDK timeout", async () => {
    const server = await h.server();
    const { client } = h.client(server, { timeout: 900_000 });
    expect(client.transport.closed).toBe(false);
    expect(agents.options.at(-1)).toMatchObject({ headersTimeout: 0, bodyTimeout: 0 });
  });

  it("several sequential calls reuse one connection", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: { ok: 1 } });
    const { client } = h.client(server);
    for (let i = 0; i < 5; i++) {
      await client.request({ method: "GET", path: "/x" });
      // undici returns the socket to the pool one macrotask after the body has been read.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.requests).toHaveLength(5);
    expect(server.connectionCount).toBe(1);
    expect(new Set(server.requests.map((r) => r.connection))).toEqual(new Set([1]));
  });

  it("strictly back-to-back calls stay on a small fixed set of connections (no socket per call)", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: { ok: 1 } });
    const { client } = h.client(server);
    for (let i = 0; i < 10; i++) await client.request({ method: "GET", path: "/x" });
    expect(server.requests).toHaveLength(10);
    expect(server.connectionCount).toBeLessThanOrEqual(2);
  });

  it("retries after an error status reuse the connection too", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: FAST }, { body: {} });
    const { client } = h.client(server);
    await client.request({ method: "GET", path: "/x" });
    expect(server.connectionCount).toBe(1);
  });

  it("one Agent per client; withOptions shares it", async () => {
    const before = agents.created;
    const server = await h.server();
    const { client } = h.client(server);
    expect(agents.created).toBe(before + 1);
    const child = client.withOptions({ maxRetries: 0 });
    expect(agents.created).toBe(before + 1);
    expect(child.transport).toBe(client.transport);
    await child.close();
    expect(client.transport.closed).toBe(false);
  });
});

describe("close()", () => {
  it("closes pooled sockets and a closed client rejects without a request", async () => {
    const server = await h.server();
    let serverSocket: Socket | undefined;
    server.route("GET", "/x", (req, res) => {
      serverSocket = res.socket ?? undefined;
      void req;
      return { body: { ok: 1 } };
    });
    const { client } = h.client(server);
    await client.request({ method: "GET", path: "/x" });
    expect(serverSocket?.destroyed).toBe(false);
    await client.close();
    await socketCloses(serverSocket!);
    expect(client.transport.closed).toBe(true);
    const error = await client.request({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HighflameError);
    expect((error as HighflameError).code).toBe("client_closed");
    expect(server.requests).toHaveLength(1);
    await client.close(); // idempotent
  });

  it("`await using` disposes the client", async () => {
    const server = await h.server();
    let serverSocket: Socket | undefined;
    server.route("GET", "/x", (_req, res) => {
      serverSocket = res.socket ?? undefined;
      return { body: {} };
    });
    let escaped: HttpClient | undefined;
    {
      await using client = new HttpClient({ baseUrl: server.url, logLevel: "off" });
      escaped = client;
      await client.request({ method: "GET", path: "/x" });
      expect(client.transport.closed).toBe(false);
    }
    expect(escaped.transport.closed).toBe(true);
    await socketCloses(serverSocket!);
  });
});

describe("custom fetch", () => {
  it("is used for every attempt and no pool is created", async () => {
    const server = await h.server();
    server.route("POST", "/x", { status: 503, headers: FAST }, { body: { ok: 1 } });
    const calls: Array<{ url: string; method: string | undefined }> = [];
    const fetch: FetchLike = (input, init) => {
      calls.push({ url: input, method: init.method });
      return globalThis.fetch(input, init);
    };
    const before = agents.created;
    const { client } = h.client(server, { fetch });
    expect(agents.created).toBe(before);
    expect(await client.request({ method: "POST", path: "/x" })).toEqual({ ok: 1 });
    expect(calls).toEqual([
      { url: `${server.url}/x`, method: "POST" },
      { url: `${server.url}/x`, method: "POST" },
    ]);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it("can answer without any network (edge runtimes, mocks)", async () => {
    let n = 0;
    const fetch: FetchLike = async () => {
      n++;
      return n === 1
        ? new Response("", { status: 500, headers: { "retry-after-ms": "1" } })
        : new Response(JSON.stringify({ answer: 42 }), { headers: { "x-request-id": "edge-1" } });
    };
    const { client } = h.client("http://unused.invalid", { fetch, maxRetries: 1 });
    const response = await client.requestWithResponse({ method: "GET", path: "/x" });
    expect(response).toMatchObject({ data: { answer: 42 }, requestId: "edge-1" });
    expect(n).toBe(2);
    n = 0;
    await expect(client.request({ method: "GET", path: "/x", maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(n).toBe(1);
  });

  it("a fetch that throws is a retried connection error", async () => {
    let n = 0;
    const fetch: FetchLike = async (input, init) => {
      n++;
      if (n === 1) throw new TypeError("fetch failed");
      void input;
      void init;
      return new Response("{}");
    };
    const { client } = h.client("http://unused.invalid", { fetch });
    expect(await client.request({ method: "GET", path: "/x" })).toEqual({});
    expect(n).toBe(2);
  });
});

describe("withOptions logger (regression)", () => {
  it("a child with its own logLevel logs once, with one prefix, at the child's level", async () => {
    const { HttpClient } = await import("../src/index.js");
    const { createCapturingLogger } = await import("@highflame/testing");
    const sink = createCapturingLogger();
    const parent = new HttpClient({ baseUrl: "http://127.0.0.1:9", logger: sink, logLevel: "warn" });
    const child = parent.withOptions({ logLevel: "debug" });
    child.logger.debug("hello");
    parent.logger.debug("hidden");
    expect(sink.entries.map((e) => e.message)).toEqual(["[highflame] hello"]);
    await parent.close();
  });
});
