import { generateTestKey } from "@highflame/testing";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { getGlobalDispatcher, MockAgent, setGlobalDispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZeroIDClient } from "../src/index.js";
import * as fx from "./helpers/fixtures.js";
import { b64 } from "./helpers/issuer.js";

const BASE = "https://zeroid.highflame.test";
const REGISTRY = "/api/v1/agents/registry";
const jwt = `${b64({ alg: "ES256" })}.${b64({ sub: "svc", account_id: "acme", project_id: "prod", exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
const LIST = { agents: [fx.agent("a1")], total: 1, limit: 20, offset: 0 };

describe("ZeroID client under msw (setupServer + listen)", () => {
  const apiKey = generateTestKey("zid_sk_");
  // Built before listen(), as an app module would build it at import time.
  const client = new ZeroIDClient({
    baseUrl: BASE,
    apiKey,
    accountId: "acme",
    projectId: "prod",
    logLevel: "off",
    adminAuth: "token", // exchange the key first, so the token endpoint is intercepted too
  });
  const seen: string[] = [];
  const mocks = setupServer(
    http.post(`${BASE}/oauth2/token`, async ({ request }) => {
      const body = (await request.json()) as { api_key?: string };
      seen.push(`token ${body.api_key === apiKey}`);
      return HttpResponse.json(fx.tokenBody(jwt));
    }),
    http.get(`${BASE}${REGISTRY}`, ({ request }) => {
      seen.push(`list ${request.headers.get("authorization") === `Bearer ${jwt}`}`);
      return HttpResponse.json(LIST);
    }),
  );
  beforeAll(() => mocks.listen({ onUnhandledRequest: "error" }));
  afterAll(async () => {
    mocks.close();
    await client.close();
  });

  it("the token exchange and the admin call both reach msw's handlers", async () => {
    const result = await client.agents.list();
    expect(result.agents.map((a) => a.id)).toEqual(["a1"]);
    expect(seen).toEqual(["token true", "list true"]);
  });
});

describe("ZeroID client under undici's MockAgent (setGlobalDispatcher)", () => {
  const client = new ZeroIDClient({
    baseUrl: BASE,
    apiKey: generateTestKey("zid_sk_"),
    accountId: "acme",
    projectId: "prod",
    logLevel: "off",
    adminAuth: "token", // exchange the key first, so the token endpoint is intercepted too
  });
  const previous = getGlobalDispatcher();
  const agent = new MockAgent();
  beforeAll(() => {
    agent.disableNetConnect();
    setGlobalDispatcher(agent);
  });
  afterAll(async () => {
    setGlobalDispatcher(previous);
    await agent.close();
    await client.close();
  });

  it("the token exchange and the admin call are both answered by the mock", async () => {
    const json = { headers: { "content-type": "application/json" } };
    const pool = agent.get(BASE);
    pool.intercept({ path: "/oauth2/token", method: "POST" }).reply(200, fx.tokenBody(jwt), json);
    pool.intercept({ path: (p) => p.startsWith(REGISTRY), method: "GET" }).reply(200, LIST, json);
    const result = await client.agents.list();
    expect(result.total).toBe(1);
    agent.assertNoPendingInterceptors();
  });
});
