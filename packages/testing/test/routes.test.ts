import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { oauthError, problemJson, startTestServer, type TestServer } from "../src/index.js";
import { waitFor } from "./wait-for.js";

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe("route scripting", () => {
  it("listens on 127.0.0.1 with an OS-chosen port and no trailing slash", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("uses responses in order and repeats the last one", async () => {
    server.route("GET", "/seq", { status: 503 }, { status: 429 }, { status: 200, body: { ok: true } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${server.url}/seq`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([503, 429, 200, 200, 200]);
    expect(server.requestsTo("GET", "/seq").map((req) => req.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it("matches method and exact path, ignoring the query; '*' matches any method", async () => {
    server.route("POST", "/things", { status: 201 });
    server.route("*", "/any", { status: 204 });
    expect((await fetch(`${server.url}/things?x=1`, { method: "POST" })).status).toBe(201);
    expect((await fetch(`${server.url}/things`)).status).toBe(404);
    expect((await fetch(`${server.url}/things/`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${server.url}/any`, { method: "DELETE" })).status).toBe(204);
    expect((await fetch(`${server.url}/any`, { method: "PUT" })).status).toBe(204);
    expect(server.requestsTo("*", "/any").map((req) => req.method)).toEqual(["DELETE", "PUT"]);
  });

  it("re-registering a route replaces the script and restarts its sequence", async () => {
    server.route("GET", "/r", { status: 500 }, { status: 200 });
    expect((await fetch(`${server.url}/r`)).status).toBe(500);
    server.route("GET", "/r", { status: 418 }, { status: 200 });
    expect((await fetch(`${server.url}/r`)).status).toBe(418);
    expect(server.requests.map((req) => req.attempt)).toEqual([1, 1]);
  });

  it("accepts routes up front keyed by 'METHOD /path'", async () => {
    await using preset = await startTestServer({
      routes: { "POST /token": [{ status: 401 }, { status: 200 }], "GET /health": { body: "ok" } },
    });
    expect((await fetch(`${preset.url}/token`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${preset.url}/token`, { method: "POST" })).status).toBe(200);
    expect(await (await fetch(`${preset.url}/health`)).text()).toBe("ok");
  });

  it("rejects malformed route keys", async () => {
    await expect(startTestServer({ routes: { "/no-method": {} } })).rejects.toThrow(TypeError);
  });

  it("answers unrouted requests with 404 JSON by default, and with a custom fallback when set", async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ error: "not_found" });

    server.fallback((req) => ({ status: 410, body: { gone: req.path } }));
    const custom = await fetch(`${server.url}/old`);
    expect(custom.status).toBe(410);
    expect(await custom.json()).toEqual({ gone: "/old" });
    expect(server.requestsTo("GET", "/nope")[0]?.attempt).toBe(1);
  });
});

describe("response bodies and headers", () => {
  it("sends objects as JSON with content-type and content-length", async () => {
    server.route("GET", "/json", { body: { items: [1, 2], name: "é" } });
    const res = await fetch(`${server.url}/json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual({ items: [1, 2], name: "é" });
  });

  it("sends strings and Buffers raw, honouring a given content-type in any letter case", async () => {
    server.route("GET", "/html", {
      status: 502,
      headers: { "Content-Type": "text/html", "X-Trace": "t1" },
      body: "<html>bad gateway</html>",
    });
    server.route("GET", "/bin", { body: Buffer.from([0, 1, 2, 255]) });
    server.route("GET", "/text", { body: "plain" });

    const html = await fetch(`${server.url}/html`);
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(html.headers.get("x-trace")).toBe("t1");
    expect(await html.text()).toBe("<html>bad gateway</html>");

    const bin = await fetch(`${server.url}/bin`);
    expect(bin.headers.get("content-type")).toBe("application/octet-stream");
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([0, 1, 2, 255]);

    const text = await fetch(`${server.url}/text`);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await text.text()).toBe("plain");
  });

  it("sends repeated headers such as set-cookie", async () => {
    server.route("GET", "/cookies", { headers: { "set-cookie": ["a=1", "b=2"] } });
    const res = await fetch(`${server.url}/cookies`);
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("sends an empty body for {} and for 204", async () => {
    server.route("GET", "/empty", {});
    server.route("DELETE", "/empty", { status: 204, body: { ignored: true } });
    const ok = await fetch(`${server.url}/empty`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("");
    const none = await fetch(`${server.url}/empty`, { method: "DELETE" });
    expect(none.status).toBe(204);
    expect(await none.text()).toBe("");
  });

  it("builds problem+json and OAuth error responses", async () => {
    server.route("GET", "/problem", problemJson(422, "Invalid input", "name is required", { code: "E1" }));
    server.route("POST", "/token", oauthError(401, "invalid_client", "unknown client"));

    const problem = await fetch(`${server.url}/problem`);
    expect(problem.status).toBe(422);
    expect(problem.headers.get("content-type")).toBe("application/problem+json");
    expect(await problem.json()).toEqual({
      type: "about:blank",
      title: "Invalid input",
      status: 422,
      detail: "name is required",
      code: "E1",
    });

    const oauth = await fetch(`${server.url}/token`, { method: "POST" });
    expect(oauth.status).toBe(401);
    expect(oauth.headers.get("content-type")).toBe("application/json");
    expect(oauth.headers.get("cache-control")).toBe("no-store");
    expect(await oauth.json()).toEqual({ error: "invalid_client", error_description: "unknown client" });
  });
});

describe("responders", () => {
  it("may return a scripted response, answer through res, and mix with static responses", async () => {
    server.route("POST", "/mixed", { status: 500 }, (req) => ({
      status: 200,
      body: { attempt: req.attempt, echo: req.json },
    }));
    server.route("GET", "/manual", async (_req, res) => {
      res.writeHead(202, { "x-manual": "yes" });
      res.end("accepted");
    });

    const post = (n: number) =>
      fetch(`${server.url}/mixed`, { method: "POST", body: JSON.stringify({ n }) }).then(async (res) => ({
        status: res.status,
        body: await res.text(),
      }));
    expect(await post(1)).toEqual({ status: 500, body: "" });
    expect(await post(2)).toEqual({ status: 200, body: JSON.stringify({ attempt: 2, echo: { n: 2 } }) });
    expect(await post(3)).toEqual({ status: 200, body: JSON.stringify({ attempt: 3, echo: { n: 3 } }) });

    const manual = await fetch(`${server.url}/manual`);
    expect(manual.status).toBe(202);
    expect(manual.headers.get("x-manual")).toBe("yes");
    expect(await manual.text()).toBe("accepted");
  });

  it("answers 500 and records the error when a responder throws or rejects", async () => {
    server.route("GET", "/throws", () => {
      throw new Error("boom");
    });
    server.route("GET", "/rejects", async () => {
      throw new RangeError("async boom");
    });
    const thrown = await fetch(`${server.url}/throws`);
    expect(thrown.status).toBe(500);
    expect(await thrown.json()).toEqual({ error: "responder_error", message: "boom" });
    const rejected = await fetch(`${server.url}/rejects`);
    expect(rejected.status).toBe(500);
    await rejected.arrayBuffer();
    expect(server.errors).toHaveLength(2);
    expect(server.errors[1]).toBeInstanceOf(RangeError);
    // The server is still healthy afterwards.
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});

describe("delay", () => {
  it("holds the response back: a later, undelayed request finishes first", async () => {
    server.route("GET", "/slow", { delayMs: 300, body: "slow" });
    server.route("GET", "/fast", { body: "fast" });
    const order: string[] = [];
    const slow = fetch(`${server.url}/slow`).then(async (res) => order.push(await res.text()));
    const fast = fetch(`${server.url}/fast`).then(async (res) => order.push(await res.text()));
    await Promise.all([slow, fast]);
    expect(order).toEqual(["fast", "slow"]);
  });

  it("sends no headers during the delay, so the client can abort before any response", async () => {
    server.route("GET", "/slow", { delayMs: 60_000, body: "never" });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/slow`, { signal: controller.signal });
    await waitFor(() => server.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
