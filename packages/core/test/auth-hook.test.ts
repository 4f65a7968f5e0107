import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  type AuthProvider,
  ConfigurationError,
  InternalServerError,
} from "../src/index.js";
import { FAST, harness, rejectionOf } from "./helpers.js";

const h = harness();

/** A provider that hands out token-N and moves to N+1 when invalidated. */
function rotatingAuth() {
  const state = { generation: 1, invalidations: 0, headerCalls: 0 };
  const provider: AuthProvider = {
    async authHeaders() {
      state.headerCalls++;
      return { authorization: `Bearer token-${state.generation}` };
    },
    invalidate() {
      state.invalidations++;
      state.generation++;
    },
  };
  return { provider, state };
}

describe("401 refresh-once hook", () => {
  it("invalidates once and repeats once, not counted as a retry (works with maxRetries 0)", async () => {
    const server = await h.server();
    server.route("POST", "/x", { status: 401 }, { body: { ok: 1 } });
    const { provider, state } = rotatingAuth();
    const { client } = h.client(server, { auth: provider, maxRetries: 0 });
    expect(await client.request({ method: "POST", path: "/x" })).toEqual({ ok: 1 });
    expect(state.invalidations).toBe(1);
    const seen = server.requests;
    expect(seen.map((r) => r.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(seen.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "0"]);
    expect(seen[0]!.headers["idempotency-key"]).toBe(seen[1]!.headers["idempotency-key"]);
  });

  it("a second 401 surfaces AuthenticationError after exactly two requests", async () => {
    const server = await h.server();
    server.route("POST", "/x", { status: 401, body: { title: "Unauthorized", detail: "expired" } });
    const { provider, state } = rotatingAuth();
    const { client } = h.client(server, { auth: provider, maxRetries: 3 });
    await expect(client.request({ method: "POST", path: "/x" })).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(2);
    expect(state.invalidations).toBe(1);
  });

  it("the repeat does not use up retries: 401 → 503 → 200 with maxRetries 1", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 401 }, { status: 503, headers: FAST }, { body: { ok: 2 } });
    const { provider, state } = rotatingAuth();
    const { client } = h.client(server, { auth: provider, maxRetries: 1 });
    expect(await client.request({ method: "GET", path: "/x" })).toEqual({ ok: 2 });
    expect(server.requests.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "0", "1"]);
    expect(state.headerCalls).toBe(3);
  });

  it("asks the provider for headers on every attempt", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: FAST });
    const { provider, state } = rotatingAuth();
    const { client } = h.client(server, { auth: provider, maxRetries: 2 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(InternalServerError);
    expect(state.headerCalls).toBe(3);
    expect(state.invalidations).toBe(0);
  });

  it("auth: false on a request sends no credentials and does not repeat a 401", async () => {
    const server = await h.server();
    server.route("POST", "/token", { status: 401 }, { body: {} });
    const { provider, state } = rotatingAuth();
    const { client } = h.client(server, { auth: provider });
    await expect(client.request({ method: "POST", path: "/token", auth: false })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(state.headerCalls).toBe(0);
  });

  it("a provider without invalidate gets no repeat", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 401 }, { body: {} });
    const { client } = h.client(server, {
      auth: { authHeaders: async () => ({ authorization: "Bearer t" }) },
    });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
  });

  it("a HighflameError from authHeaders surfaces as is, without a request or retry", async () => {
    const server = await h.server();
    let calls = 0;
    const { client } = h.client(server, {
      auth: {
        authHeaders: async () => {
          calls++;
          throw new ConfigurationError("no api key", { option: "apiKey" });
        },
      },
    });
    const error = await rejectionOf(client.request({ method: "GET", path: "/x" }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(0);
  });

  it("an APIConnectionError from authHeaders (the token exchange already retried) is not retried again", async () => {
    const server = await h.server();
    let calls = 0;
    const { client } = h.client(server, {
      auth: {
        authHeaders: async () => {
          calls++;
          throw new APIConnectionError("token endpoint unreachable");
        },
      },
      maxRetries: 2,
    });
    const error = await rejectionOf(client.request({ method: "GET", path: "/x" }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(0);
  });

  it("credentials that do not arrive within the attempt timeout end the call with a timeout error (regression)", async () => {
    const server = await h.server();
    const { client } = h.client(server, {
      auth: {
        authHeaders: ({ signal }) =>
          new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
      },
      timeout: 50,
      maxRetries: 2,
    });
    const error = await rejectionOf(client.request({ method: "GET", path: "/x" }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/waiting for credentials/);
    expect(server.requests).toHaveLength(0);
  });

  it("another authHeaders failure is a connection error that keeps the cause", async () => {
    const server = await h.server();
    const boom = new TypeError("token endpoint unreachable");
    const { client } = h.client(server, {
      auth: {
        authHeaders: async () => {
          throw boom;
        },
      },
      maxRetries: 0,
    });
    const error = await rejectionOf(client.request({ method: "GET", path: "/x" }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).cause).toBe(boom);
    expect(server.requests).toHaveLength(0);
  });
});
