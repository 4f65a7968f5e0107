import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, RedirectError } from "../src/index.js";
import { rejectionOf } from "./helpers.js";

// Clients are built at module load, before any mocking is installed, as in a user's test suite that imports
// an app module which creates its Highflame client at the top level.
const BASE = "https://api.highflame.test";
const early = new HttpClient({ baseUrl: BASE, logLevel: "off", maxRetries: 0 });
afterAll(() => early.close());

describe("msw (setupServer + listen, as its docs show)", () => {
  const seen: Array<{ url: string; body: unknown; auth: string | null }> = [];
  const mocks = setupServer(
    http.post(`${BASE}/v1/guard`, async ({ request }) => {
      seen.push({
        url: request.url,
        body: await request.json(),
        auth: request.headers.get("authorization"),
      });
      return HttpResponse.json({ decision: "deny" }, { headers: { "x-request-id": "msw-1" } });
    }),
    http.post("https://auth.highflame.test/oauth2/token", () =>
      HttpResponse.json({ access_token: "t", expires_in: 60 }),
    ),
    http.get(
      `${BASE}/moved`,
      () => new HttpResponse(null, { status: 302, headers: { location: "https://evil.test/x" } }),
    ),
  );
  beforeAll(() => mocks.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    mocks.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => mocks.close());

  it("intercepts a JSON call of a client created before listen()", async () => {
    const response = await early.requestWithResponse({
      method: "POST",
      path: "/v1/guard",
      body: { content: "hi" },
      headers: { authorization: "Bearer abc" },
    });
    expect(response.data).toEqual({ decision: "deny" });
    expect(response.requestId).toBe("msw-1");
    expect(response.headers.get("content-type")).toMatch(/json/);
    expect(seen).toEqual([{ url: `${BASE}/v1/guard`, body: { content: "hi" }, auth: "Bearer abc" }]);
  });

  it("intercepts an absolute-URL call (the token exchange)", async () => {
    const data = await early.request({
      method: "POST",
      url: "https://auth.highflame.test/oauth2/token",
      body: {},
    });
    expect(data).toEqual({ access_token: "t", expires_in: 60 });
  });

  it("a mocked cross-origin redirect is refused, not followed", async () => {
    const error = await rejectionOf(early.request({ method: "GET", path: "/moved" }));
    expect(error).toBeInstanceOf(RedirectError);
  });
});

describe("undici MockAgent installed with setGlobalDispatcher", () => {
  const previous = getGlobalDispatcher();
  const agent = new MockAgent();
  beforeAll(() => {
    agent.disableNetConnect();
    setGlobalDispatcher(agent);
  });
  afterAll(async () => {
    setGlobalDispatcher(previous);
    await agent.close();
  });

  it("intercepts calls of a client created before the dispatcher was installed", async () => {
    let received: { body: unknown; headers: Record<string, string> } | undefined;
    agent
      .get(BASE)
      .intercept({ path: "/v1/guard", method: "POST" })
      .reply(
        200,
        (opts) => {
          received = { body: JSON.parse(String(opts.body)), headers: opts.headers as Record<string, string> };
          return { decision: "allow" };
        },
        { headers: { "content-type": "application/json", "x-request-id": "mock-1" } },
      );
    const response = await early.requestWithResponse({ method: "POST", path: "/v1/guard", body: { q: 1 } });
    expect(response.data).toEqual({ decision: "allow" });
    expect(response.requestId).toBe("mock-1");
    expect(received?.body).toEqual({ q: 1 });
    expect(received?.headers["idempotency-key"]).toMatch(/^hf-/);
    agent.assertNoPendingInterceptors();
  });

  it("a mocked error status maps to its error class, and retries go through the mock too", async () => {
    const pool = agent.get(BASE);
    pool
      .intercept({ path: "/v1/x", method: "GET" })
      .reply(503, "busy", { headers: { "retry-after-ms": "1" } });
    pool.intercept({ path: "/v1/x", method: "GET" }).reply(
      200,
      { ok: true },
      {
        headers: { "content-type": "application/json" },
      },
    );
    const client = new HttpClient({ baseUrl: BASE, logLevel: "off" });
    try {
      expect(await client.request({ method: "GET", path: "/v1/x" })).toEqual({ ok: true });
      agent.assertNoPendingInterceptors();
    } finally {
      await client.close();
    }
  });

  it("an explicit `dispatcher` option wins over the global one", async () => {
    const own = new MockAgent();
    own.disableNetConnect();
    own
      .get(BASE)
      .intercept({ path: "/v1/y", method: "GET" })
      .reply(
        200,
        { from: "own" },
        {
          headers: { "content-type": "application/json" },
        },
      );
    const client = new HttpClient({ baseUrl: BASE, logLevel: "off", dispatcher: own });
    try {
      expect(await client.request({ method: "GET", path: "/v1/y" })).toEqual({ from: "own" });
    } finally {
      await client.close();
      await own.close();
    }
  });
});
