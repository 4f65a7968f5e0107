import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index.js";
import { abortOnRetry, FAST, harness, loggedDelays, rejectionOf } from "./helpers.js";

const h = harness();

describe("retry rules (counted at the server)", () => {
  it.each([
    [408, APIError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
  ])("%i is retried up to maxRetries, same idempotency key, retry-count 0,1,2", async (status, cls) => {
    const server = await h.server();
    server.route("POST", "/v1/op", { status, headers: FAST, body: { title: "busy" } });
    const { client } = h.client(server, { maxRetries: 2 });
    const error = await rejectionOf(client.request({ method: "POST", path: "/v1/op", body: { a: 1 } }));
    expect(error).toBeInstanceOf(cls);
    expect((error as APIError).status).toBe(status);
    const seen = server.requestsTo("POST", "/v1/op");
    expect(seen).toHaveLength(3);
    expect(seen.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "1", "2"]);
    const keys = new Set(seen.map((r) => r.headers["idempotency-key"]));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^hf-[0-9a-f-]{36}$/);
    expect(seen.every((r) => r.body === '{"a":1}')).toBe(true);
  });

  it("honours a larger maxRetries (4 attempts) and a per-call override", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: FAST });
    const { client } = h.client(server, { maxRetries: 3 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requestsTo("GET", "/x")).toHaveLength(4);
    await expect(client.request({ method: "GET", path: "/x", maxRetries: 1 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(server.requestsTo("GET", "/x")).toHaveLength(6);
  });

  it("succeeds when a retry succeeds", async () => {
    const server = await h.server();
    server.route(
      "POST",
      "/x",
      { status: 503, headers: FAST },
      { status: 502, headers: FAST },
      { body: { ok: 1 } },
    );
    const { client } = h.client(server);
    expect(await client.request({ method: "POST", path: "/x" })).toEqual({ ok: 1 });
    expect(server.requests.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "1", "2"]);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
  ])("%i is never retried (exactly 1 attempt)", async (status, cls) => {
    const server = await h.server();
    server.route("POST", "/x", { status, headers: FAST }, { body: { ok: 1 } });
    const { client } = h.client(server, { maxRetries: 5 });
    await expect(client.request({ method: "POST", path: "/x" })).rejects.toBeInstanceOf(cls);
    expect(server.requests).toHaveLength(1);
  });

  it("maxRetries: 0 makes exactly one attempt", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: FAST }, { body: {} });
    const { client } = h.client(server, { maxRetries: 0 });
    await expect(client.request({ method: "GET", path: "/x" })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    const { client: other } = h.client(server);
    await expect(other.request({ method: "GET", path: "/x", maxRetries: 0 })).resolves.toEqual({});
    expect(server.requests).toHaveLength(2);
  });

  it("x-should-retry: true retries a 400", async () => {
    const server = await h.server();
    server.route(
      "POST",
      "/x",
      { status: 400, headers: { ...FAST, "x-should-retry": "true" } },
      { body: { ok: 1 } },
    );
    const { client } = h.client(server);
    expect(await client.request({ method: "POST", path: "/x" })).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it("x-should-retry: false stops retries of a 503", async () => {
    const server = await h.server();
    server.route(
      "POST",
      "/x",
      { status: 503, headers: { ...FAST, "x-should-retry": "false" } },
      { body: {} },
    );
    const { client } = h.client(server);
    await expect(client.request({ method: "POST", path: "/x" })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("connection faults", () => {
  it("a connection reset is retried", async () => {
    const server = await h.server();
    server.route("POST", "/x", { fault: "reset" }, { body: { ok: 1 } });
    const { client } = h.client(server);
    expect(await client.request({ method: "POST", path: "/x", body: {} })).toEqual({ ok: 1 });
    const seen = server.requests;
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers["idempotency-key"]).toBe(seen[1]!.headers["idempotency-key"]);
  });

  it("a reset on the last attempt surfaces APIConnectionError keeping the cause", async () => {
    const server = await h.server();
    server.route("GET", "/x", { fault: "reset" });
    const { client } = h.client(server, { maxRetries: 0 });
    const error = (await rejectionOf(client.request({ method: "GET", path: "/x" }))) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.code).toBe("connection_error");
    expect(error.cause).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it("a stalled attempt times out and is retried", async () => {
    const server = await h.server();
    server.route("GET", "/x", { fault: "stall" }, { body: { ok: 2 } });
    const { client } = h.client(server, { timeout: 150 });
    expect(await client.request({ method: "GET", path: "/x" })).toEqual({ ok: 2 });
    expect(server.requests.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "1"]);
  });

  it.each(["truncate", "reset-after-headers"] as const)("a %s success body is retried", async (fault) => {
    const server = await h.server();
    server.route("GET", "/x", { fault, body: { big: "y".repeat(200) } }, { body: { ok: 3 } });
    const { client } = h.client(server);
    expect(await client.request({ method: "GET", path: "/x" })).toEqual({ ok: 3 });
    expect(server.requests).toHaveLength(2);
  });

  it.each(["truncate", "reset-after-headers"] as const)(
    "a %s success body on the last attempt is an APIConnectionError",
    async (fault) => {
      const server = await h.server();
      server.route("GET", "/x", { fault, body: { big: "y".repeat(200) } });
      const { client } = h.client(server, { maxRetries: 0 });
      const error = await rejectionOf(client.request({ method: "GET", path: "/x" }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/cut off/);
    },
  );
});

describe("Retry-After", () => {
  async function firstDelay(headers: Record<string, string>, status = 503): Promise<number> {
    const server = await h.server();
    server.route("GET", "/x", { status, headers }, { body: {} });
    const controller = new AbortController();
    const logger = abortOnRetry(controller);
    const { client } = h.client(server, { logger });
    const error = await rejectionOf(client.request({ method: "GET", path: "/x", signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
    const delays = loggedDelays(logger);
    expect(delays).toHaveLength(1);
    return delays[0]!;
  }

  it("retry-after-ms is used as is", async () => {
    expect(await firstDelay({ "retry-after-ms": "1234" })).toBe(1234);
  });

  it("retry-after-ms wins over Retry-After", async () => {
    expect(await firstDelay({ "retry-after-ms": "7", "retry-after": "30" })).toBe(7);
  });

  it("Retry-After in seconds", async () => {
    expect(await firstDelay({ "retry-after": "3" }, 429)).toBe(3000);
  });

  it("Retry-After: 0 retries at once and succeeds", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 429, headers: { "retry-after": "0" } }, { body: { ok: 1 } });
    const { client, logger } = h.client(server);
    expect(await client.request({ method: "GET", path: "/x" })).toEqual({ ok: 1 });
    expect(loggedDelays(logger)).toEqual([0]);
  });

  it("Retry-After as an HTTP date", async () => {
    const delay = await firstDelay({ "retry-after": new Date(Date.now() + 30_000).toUTCString() });
    expect(delay).toBeGreaterThan(27_000);
    expect(delay).toBeLessThanOrEqual(30_000);
  });

  it.each([
    { "retry-after": "61" },
    { "retry-after": "3600" },
    { "retry-after-ms": "60001" },
    { "retry-after": "-5" },
    { "retry-after-ms": "-100" },
    { "retry-after": new Date(Date.now() - 60_000).toUTCString() },
    { "retry-after": new Date(Date.now() + 3_600_000).toUTCString() },
  ] as Record<string, string>[])("ignores %j in favour of the 0.5 s jittered backoff", async (headers) => {
    const delay = await firstDelay(headers);
    expect(delay).toBeGreaterThanOrEqual(375);
    expect(delay).toBeLessThanOrEqual(500);
  });

  it("a 1 h Retry-After does not stall a call that has a short deadline: backoff is used and it succeeds", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: { "retry-after": "3600" } }, { body: { ok: 1 } });
    const { client } = h.client(server, { deadline: 10_000 });
    expect(await client.request({ method: "GET", path: "/x" })).toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(2);
  });
});

describe("idempotency keys", () => {
  it("a fresh key per logical call, identical across the attempts of one call", async () => {
    const server = await h.server();
    server.route("POST", "/x", { status: 503, headers: FAST }, { body: {} });
    const { client } = h.client(server);
    await client.request({ method: "POST", path: "/x" });
    server.route("POST", "/x", { status: 503, headers: FAST }, { body: {} });
    await client.request({ method: "POST", path: "/x" });
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(4);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[0]).not.toBe(keys[2]);
  });

  it("uses the caller's idempotencyKey on every attempt", async () => {
    const server = await h.server();
    server.route("PUT", "/x", { status: 500, headers: FAST }, { status: 504, headers: FAST }, { body: {} });
    const { client } = h.client(server);
    await client.request({ method: "PUT", path: "/x", idempotencyKey: "caller-key-1" });
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      "caller-key-1",
      "caller-key-1",
      "caller-key-1",
    ]);
  });

  it("sends no generated key on GET", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: {} });
    const { client } = h.client(server);
    await client.request({ method: "GET", path: "/x" });
    expect(server.requests[0]!.headers["idempotency-key"]).toBeUndefined();
  });
});
