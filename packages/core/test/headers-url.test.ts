import { describe, expect, it } from "vitest";
import { ConfigurationError, HttpClient, RequestValidationError, USER_AGENT, VERSION } from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();

describe("default and per-request headers", () => {
  it("sends User-Agent highflame-sdk-ts/<version> node/<version>, accept and content-type", async () => {
    const server = await h.server();
    server.route("POST", "/x", { body: {} });
    const { client } = h.client(server);
    await client.request({ method: "POST", path: "/x", body: { hello: "wörld" } });
    const req = server.requests[0]!;
    expect(req.headers["user-agent"]).toBe(`highflame-sdk-ts/${VERSION} node/${process.versions.node}`);
    expect(req.headers["user-agent"]).toBe(USER_AGENT);
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.json).toEqual({ hello: "wörld" });
  });

  it("appends userAgentExtra", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: {} });
    const { client } = h.client(server, { userAgentExtra: "highflame-zeroid/0.1.0" });
    await client.request({ method: "GET", path: "/x" });
    expect(server.requests[0]!.headers["user-agent"]).toBe(`${USER_AGENT} highflame-zeroid/0.1.0`);
  });

  it("merges client defaults and per-request headers; per-request wins; undefined removes", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: {} });
    const { client } = h.client(server, { headers: { "X-Team": "red", "x-keep": "1", "x-drop": "2" } });
    await client.request({
      method: "GET",
      path: "/x",
      headers: { "x-team": "blue", "X-Drop": undefined, "user-agent": undefined, "x-new": "3" },
    });
    const headers = server.requests[0]!.headers;
    expect(headers["x-team"]).toBe("blue");
    expect(headers["x-keep"]).toBe("1");
    expect(headers["x-new"]).toBe("3");
    expect(headers["x-drop"]).toBeUndefined();
    // Removed: undici's dispatcher adds no User-Agent of its own (its fetch would add "node").
    expect(headers["user-agent"] ?? "").not.toMatch(/highflame/);
  });

  it("sends a form body url-encoded, leaving undefined fields out", async () => {
    const server = await h.server();
    server.route("POST", "/token", { body: {} });
    const { client } = h.client(server);
    await client.request({
      method: "POST",
      path: "/token",
      form: { grant_type: "client_credentials", scope: undefined, a: "b c" },
    });
    const req = server.requests[0]!;
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(req.form!)).toEqual({ grant_type: "client_credentials", a: "b c" });
  });

  it("sends no body and no content-type without body or form", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: {} });
    const { client } = h.client(server);
    await client.request({ method: "GET", path: "/x", query: { limit: 5, tag: ["a", "b"] } });
    const req = server.requests[0]!;
    expect(req.headers["content-type"]).toBeUndefined();
    expect(req.body).toBe("");
    expect(req.url).toBe("/x?limit=5&tag=a&tag=b");
  });
});

describe("base URL joining", () => {
  it("keeps the base path", async () => {
    const server = await h.server();
    server.route("GET", "/api/v1/guard", { body: { ok: 1 } });
    const { client } = h.client(`${server.url}/api/v1/`);
    expect(await client.request({ method: "GET", path: "/guard" })).toEqual({ ok: 1 });
    expect(await client.request({ method: "GET", path: "guard" })).toEqual({ ok: 1 });
    expect(server.requests.map((r) => r.path)).toEqual(["/api/v1/guard", "/api/v1/guard"]);
  });

  it.each([
    "../admin",
    "/guard/../../admin",
    "/%2e%2e/admin",
    "/.%2E/admin",
    "/a%2F..%2F..%2Fadmin",
    "http://127.0.0.1:1/admin",
    "//evil.test/admin",
  ])("rejects %j before any request", async (path) => {
    const server = await h.server();
    server.fallback({ body: { reached: true } });
    const { client } = h.client(`${server.url}/api/v1`);
    const error = await rejectionOf(client.request({ method: "GET", path }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).field).toBe("path");
    expect(server.requests).toHaveLength(0);
    expect(server.connectionCount).toBe(0);
  });

  it("an absolute `url` on the spec is allowed (token endpoints on another host)", async () => {
    const server = await h.server();
    const other = await h.server();
    other.route("POST", "/oauth/token", { body: { access_token: "x" } });
    const { client } = h.client(`${server.url}/api`);
    await client.request({ method: "POST", url: `${other.url}/oauth/token` });
    expect(other.requests).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
  });
});

describe("option validation", () => {
  it("rejects bad client options with ConfigurationError naming the option", () => {
    for (const [options, option] of [
      [{ baseUrl: "ftp://x" }, "baseUrl"],
      [{ baseUrl: "http://x", timeout: -1 }, "timeout"],
      [{ baseUrl: "http://x", maxRetries: Number.NaN }, "maxRetries"],
      [{ baseUrl: "http://x", deadline: Number.POSITIVE_INFINITY }, "deadline"],
    ] as const) {
      let error: unknown;
      try {
        new HttpClient(options);
      } catch (e) {
        error = e;
      }
      expect(error, option).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe(option);
    }
  });

  it("rejects bad per-call options with RequestValidationError before any request", async () => {
    const server = await h.server();
    const { client } = h.client(server);
    for (const bad of [{ timeout: -5 }, { maxRetries: -1 }, { deadline: Number.NaN }]) {
      await expect(client.request({ method: "GET", path: "/x", ...bad })).rejects.toBeInstanceOf(
        RequestValidationError,
      );
    }
    expect(server.requests).toHaveLength(0);
  });
});
