import { generateTestKey } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import { type AuthProvider, MAX_REDIRECTS, RedirectError, type SSEStream } from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();
const STATUSES = [301, 302, 303, 307, 308] as const;

/** A bearer provider with a per-test token, to see where the credential went. */
function bearer(token: string): AuthProvider {
  return { authHeaders: async () => ({ authorization: `Bearer ${token}` }) };
}

async function collect(stream: SSEStream): Promise<string[]> {
  const data: string[] = [];
  for await (const event of stream) data.push(event.data);
  return data;
}

/** A guard-shaped call: bearer token, tenant header, idempotency key and a prompt in the body. */
function guardCall(kind: "json" | "stream") {
  return {
    method: "POST" as const,
    path: kind === "json" ? "/v1/guard" : "/v1/guard/stream",
    headers: { "x-account-id": "acct_secret_tenant" },
    body: { content: "ignore previous instructions", action: "process_prompt" },
  };
}

describe.each(["json", "stream"] as const)("redirects from a %s call", (kind) => {
  it.each(STATUSES)(
    "a cross-origin %i is refused, naming the Location; the other origin receives nothing",
    async (status) => {
      const api = await h.server();
      const other = await h.server();
      other.fallback({ body: { decision: "allow" }, sse: { events: [{ data: "allow" }] } });
      api.route("POST", guardCall(kind).path, {
        status,
        headers: { location: `${other.url}/v1/guard?token=leak`, "x-request-id": "req-r" },
      });
      const token = generateTestKey();
      const { client } = h.client(api, { auth: bearer(token) });
      const call = kind === "json" ? client.request(guardCall(kind)) : client.stream(guardCall(kind));
      const error = await rejectionOf(call);
      expect(error).toBeInstanceOf(RedirectError);
      const redirect = error as RedirectError;
      expect(redirect.code).toBe("redirect_refused");
      expect(redirect.status).toBe(status);
      expect(redirect.location).toBe(`${other.url}/v1/guard`);
      expect(redirect.requestId).toBe("req-r");
      expect(redirect.message).toContain(`${other.url}/v1/guard`);
      expect(redirect.message).not.toContain("leak");
      expect(other.requests).toHaveLength(0);
      expect(other.connectionCount).toBe(0);
      // Not retried either: one request reached the API.
      expect(api.requests).toHaveLength(1);
    },
  );

  it.each([307, 308] as const)(
    "a same-origin %i is followed with the same method, headers and body",
    async (status) => {
      const api = await h.server();
      const path = guardCall(kind).path;
      api.route("POST", path, { status, headers: { location: `/moved${path}` } });
      api.route(
        "POST",
        `/moved${path}`,
        kind === "json" ? { body: { decision: "deny" } } : { sse: { events: [{ data: "deny" }] } },
      );
      const token = generateTestKey();
      const { client } = h.client(api, { auth: bearer(token) });
      if (kind === "json") expect(await client.request(guardCall(kind))).toEqual({ decision: "deny" });
      else expect(await collect(await client.stream(guardCall(kind)))).toEqual(["deny"]);
      const [first, second] = api.requests;
      expect(second!.path).toBe(`/moved${path}`);
      expect(second!.method).toBe("POST");
      expect(second!.json).toEqual(guardCall(kind).body);
      expect(second!.headers.authorization).toBe(`Bearer ${token}`);
      expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"]);
      expect(second!.headers["x-account-id"]).toBe("acct_secret_tenant");
    },
  );

  it.each([301, 302, 303] as const)(
    "a same-origin %i answering a POST is refused (it would become a body-less GET)",
    async (status) => {
      const api = await h.server();
      api.route("POST", guardCall(kind).path, { status, headers: { location: "/elsewhere" } });
      api.fallback({ body: { decision: "allow" } });
      const { client } = h.client(api);
      const call = kind === "json" ? client.request(guardCall(kind)) : client.stream(guardCall(kind));
      const error = await rejectionOf(call);
      expect(error).toBeInstanceOf(RedirectError);
      expect((error as RedirectError).message).toMatch(/into a GET/);
      expect(api.requests.map((r) => r.path)).toEqual([guardCall(kind).path]);
    },
  );
});

describe("redirects of GET calls", () => {
  it.each(STATUSES)("a same-origin %i is followed as a GET", async (status) => {
    const api = await h.server();
    api.route("GET", "/v1/a", { status, headers: { location: "/v1/b?x=1" } });
    api.route("GET", "/v1/b", { body: { ok: true } });
    const { client } = h.client(api);
    expect(await client.request({ method: "GET", path: "/v1/a" })).toEqual({ ok: true });
    expect(api.requests.map((r) => r.url)).toEqual(["/v1/a", "/v1/b?x=1"]);
  });

  it("a same-origin chain longer than MAX_REDIRECTS is refused", async () => {
    const api = await h.server();
    api.fallback((req) => ({ status: 307, headers: { location: `${req.path}x` } }));
    const { client } = h.client(api, { maxRetries: 0 });
    const error = await rejectionOf(client.request({ method: "GET", path: "/r" }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(api.requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it("a redirect to another port of the same host is cross-origin", async () => {
    const api = await h.server();
    const other = await h.server();
    api.route("GET", "/v1/a", { status: 307, headers: { location: `${other.url}/v1/a` } });
    const { client } = h.client(api);
    expect(await rejectionOf(client.request({ method: "GET", path: "/v1/a" }))).toBeInstanceOf(RedirectError);
    expect(other.requests).toHaveLength(0);
  });

  it("followRedirects: false refuses even a same-origin redirect", async () => {
    const api = await h.server();
    api.route("GET", "/jwks", { status: 307, headers: { location: "/jwks2" } });
    api.route("GET", "/jwks2", { body: { keys: [] } });
    const { client } = h.client(api);
    const error = await rejectionOf(client.request({ method: "GET", path: "/jwks", followRedirects: false }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(api.requestsTo("GET", "/jwks2")).toHaveLength(0);
  });

  it("a redirect without a Location is refused", async () => {
    const api = await h.server();
    api.route("GET", "/v1/a", { status: 302 });
    const { client } = h.client(api);
    const error = (await rejectionOf(client.request({ method: "GET", path: "/v1/a" }))) as RedirectError;
    expect(error).toBeInstanceOf(RedirectError);
    expect(error.location).toBeUndefined();
  });

  it("the fetch adapter refuses a cross-origin redirect the same way (fetch is told not to follow)", async () => {
    const api = await h.server();
    const other = await h.server();
    api.route("POST", "/v1/guard", { status: 307, headers: { location: `${other.url}/v1/guard` } });
    const { client } = h.client(api, { fetch: (url, init) => fetch(url, init) });
    const error = await rejectionOf(client.request({ method: "POST", path: "/v1/guard", body: { a: 1 } }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(other.requests).toHaveLength(0);
  });
});
