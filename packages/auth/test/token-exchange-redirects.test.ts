import { HttpClient, RedirectError } from "@highflame/core";
import { generateTestKey, startTestServer, type TestServer } from "@highflame/testing";
import { afterEach, describe, expect, it } from "vitest";
import { bearerAuth, ServiceKeyTokenProvider } from "../src/index.js";
import { tokenBody } from "./jwt-helpers.js";

const TOKEN_PATH = "/oauth2/token";
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function server(): Promise<TestServer> {
  const s = await startTestServer();
  open.push(s);
  return s;
}

function provider(tokenUrl: string, baseUrl: string) {
  const http = new HttpClient({ baseUrl, logLevel: "off" });
  open.push(http);
  const apiKey = generateTestKey();
  return { apiKey, provider: new ServiceKeyTokenProvider({ apiKey, tokenUrl, http }) };
}

describe("token exchange redirects", () => {
  it.each([301, 302, 303, 307, 308])(
    "a cross-origin %i is refused: the other origin never receives the service key",
    async (status) => {
      const auth = await server();
      const evil = await server();
      evil.fallback({ body: tokenBody() });
      auth.route("POST", TOKEN_PATH, { status, headers: { location: `${evil.url}${TOKEN_PATH}` } });
      const { provider: tokens, apiKey } = provider(`${auth.url}${TOKEN_PATH}`, auth.url);
      const error = await tokens.getToken().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect((error as RedirectError).location).toBe(`${evil.url}${TOKEN_PATH}`);
      expect(String((error as Error).message)).not.toContain(apiKey);
      expect(evil.requests).toHaveLength(0);
      expect(auth.requests).toHaveLength(1);
      expect(auth.requests[0]!.json).toMatchObject({ grant_type: "api_key", api_key: apiKey });
    },
  );

  it.each([307, 308])("a same-origin %i is followed with the same body", async (status) => {
    const auth = await server();
    auth.route("POST", TOKEN_PATH, { status, headers: { location: "/v2/token" } });
    auth.route("POST", "/v2/token", { body: tokenBody({ account_id: "acc_r" }) });
    const { provider: tokens, apiKey } = provider(`${auth.url}${TOKEN_PATH}`, auth.url);
    const token = await tokens.getToken();
    expect(token.accountId).toBe("acc_r");
    expect(auth.requestsTo("POST", "/v2/token")[0]!.json).toMatchObject({ api_key: apiKey });
  });

  it.each([301, 302, 303])(
    "a same-origin %i is refused (it would turn the exchange into a GET)",
    async (status) => {
      const auth = await server();
      auth.route("POST", TOKEN_PATH, { status, headers: { location: "/v2/token" } });
      auth.fallback({ body: tokenBody() });
      const { provider: tokens } = provider(`${auth.url}${TOKEN_PATH}`, auth.url);
      expect(await tokens.getToken().catch((e: unknown) => e)).toBeInstanceOf(RedirectError);
      expect(auth.requestsTo("GET", "/v2/token")).toHaveLength(0);
    },
  );
});

describe("cached tokens take the synchronous path", () => {
  it("cachedToken() is the fresh cached token, undefined before the exchange and after invalidate()", async () => {
    const auth = await server();
    auth.route("POST", TOKEN_PATH, { body: tokenBody() });
    const { provider: tokens } = provider(`${auth.url}${TOKEN_PATH}`, auth.url);
    expect(tokens.cachedToken()).toBeUndefined();
    const token = await tokens.getToken();
    expect(tokens.cachedToken()).toBe(token);
    const headers = bearerAuth(tokens).cachedAuthHeaders?.();
    expect(headers).toEqual({ authorization: `Bearer ${token.accessToken}` });
    tokens.invalidate();
    expect(tokens.cachedToken()).toBeUndefined();
    expect(bearerAuth(tokens).cachedAuthHeaders?.()).toBeUndefined();
  });

  it("a call with a cached token does not await the provider", async () => {
    const auth = await server();
    auth.route("POST", TOKEN_PATH, { body: tokenBody() });
    auth.route("GET", "/v1/x", { body: { ok: true } });
    const { provider: tokens } = provider(`${auth.url}${TOKEN_PATH}`, auth.url);
    let awaited = 0;
    const getToken = tokens.getToken.bind(tokens);
    tokens.getToken = (options) => {
      awaited++;
      return getToken(options);
    };
    const http = new HttpClient({ baseUrl: auth.url, logLevel: "off", auth: bearerAuth(tokens) });
    open.push(http);
    await http.request({ method: "GET", path: "/v1/x" });
    await http.request({ method: "GET", path: "/v1/x" });
    await http.request({ method: "GET", path: "/v1/x" });
    expect(awaited).toBe(1);
    expect(auth.requestsTo("GET", "/v1/x").map((r) => r.headers.authorization)).toEqual([
      expect.stringMatching(/^Bearer /),
      expect.stringMatching(/^Bearer /),
      expect.stringMatching(/^Bearer /),
    ]);
  });
});
