import { HttpClient, InternalServerError } from "@highflame/core";
import { createCapturingLogger, generateTestKey, oauthError, startTestServer } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  AuthenticationError,
  ServiceKeyTokenProvider,
  TOKEN_REFRESH_BUFFER_MS,
} from "../src/index.js";
import { makeJwt, tokenBody } from "./jwt-helpers.js";

const TOKEN_PATH = "/oauth2/token";

async function setup(opts: { now?: () => number; scope?: string; maxRetries?: number } = {}) {
  const server = await startTestServer();
  const logger = createCapturingLogger();
  const http = new HttpClient({
    baseUrl: server.url,
    logger,
    logLevel: "debug",
    maxRetries: opts.maxRetries ?? 2,
  });
  const apiKey = generateTestKey("zid_sk_");
  const provider = new ServiceKeyTokenProvider({
    apiKey,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    http,
    scope: opts.scope,
    now: opts.now,
  });
  return { server, logger, http, apiKey, provider };
}

describe("ServiceKeyTokenProvider", () => {
  it("sends the api_key grant as JSON and reads the response fields", async () => {
    const { server, provider, apiKey, http } = await setup({ scope: "guard:evaluate" });
    server.route("POST", TOKEN_PATH, {
      body: tokenBody({
        token_type: "bearer",
        account_id: "acc_1",
        project_id: "proj_1",
        scope: "guard:evaluate",
      }),
    });
    const token = await provider.getToken();
    expect(token.tokenType).toBe("Bearer");
    expect(token.accountId).toBe("acc_1");
    expect(token.projectId).toBe("proj_1");
    expect(token.scope).toBe("guard:evaluate");
    const [req] = server.requestsTo("POST", TOKEN_PATH);
    expect(req!.json).toEqual({ grant_type: "api_key", api_key: apiKey, scope: "guard:evaluate" });
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers.authorization).toBeUndefined();
    await http.close();
    await server.close();
  });

  it("omits an empty scope and falls back to JWT claims for tenant and lifetime", async () => {
    const { server, provider, http } = await setup({ scope: "  " });
    const exp = Math.floor(Date.now() / 1000) + 1800;
    server.route("POST", TOKEN_PATH, {
      body: {
        access_token: makeJwt({ exp, account_id: "acc_jwt", project_id: "proj_jwt" }),
        token_type: "DPOP",
      },
    });
    const token = await provider.getToken();
    expect(server.requests[0]!.json).toEqual({ grant_type: "api_key", api_key: expect.any(String) });
    expect(token).toMatchObject({
      accountId: "acc_jwt",
      projectId: "proj_jwt",
      tokenType: "DPoP",
      expiresAt: exp * 1000,
    });
    await http.close();
    await server.close();
  });

  it("shares one exchange among 50 concurrent first callers", async () => {
    const { server, provider, http } = await setup();
    server.route("POST", TOKEN_PATH, { body: tokenBody(), delayMs: 50 });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()));
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    await http.close();
    await server.close();
  });

  it("reuses the cached token until the refresh buffer, then refreshes once for concurrent callers", async () => {
    let now = 1_000_000;
    const { server, provider, http } = await setup({ now: () => now });
    server.route(
      "POST",
      TOKEN_PATH,
      { body: tokenBody({ access_token: makeJwt({ n: 1 }) }) },
      { body: tokenBody({ access_token: makeJwt({ n: 2 }) }), delayMs: 30 },
    );
    const first = await provider.getToken();
    expect(first.expiresAt).toBe(now + 3_600_000);
    now = first.expiresAt - TOKEN_REFRESH_BUFFER_MS - 1;
    expect((await provider.getToken()).accessToken).toBe(first.accessToken);
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1);
    now = first.expiresAt - TOKEN_REFRESH_BUFFER_MS;
    const refreshed = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(2);
    expect(new Set(refreshed.map((t) => t.accessToken)).size).toBe(1);
    expect(refreshed[0]!.accessToken).not.toBe(first.accessToken);
    await http.close();
    await server.close();
  });

  it("does not cache a failed exchange", async () => {
    const { server, provider, http } = await setup({ maxRetries: 0 });
    server.route("POST", TOKEN_PATH, { status: 503 }, { body: tokenBody() });
    await expect(provider.getToken()).rejects.toBeInstanceOf(InternalServerError);
    const token = await provider.getToken();
    expect(token.accessToken).toMatch(/^eyJ/);
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(2);
    await http.close();
    await server.close();
  });

  it("retries a transient exchange failure with the core policy", async () => {
    const { server, provider, http } = await setup({ maxRetries: 2 });
    server.route("POST", TOKEN_PATH, { status: 503 }, { fault: "reset" }, { body: tokenBody() });
    await provider.getToken();
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(3);
    await http.close();
    await server.close();
  });

  it.each([
    [400, "invalid_grant"],
    [401, "invalid_client"],
  ])("maps %i %s to AuthenticationError with the description and no key material", async (status, code) => {
    const { server, provider, apiKey, http, logger } = await setup();
    server.route("POST", TOKEN_PATH, oauthError(status, code, "invalid api key"));
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as InstanceType<typeof AuthenticationError>;
    expect(auth.status).toBe(status);
    expect(auth.title).toBe(code);
    expect(auth.detail).toBe("invalid api key");
    expect(auth.message).toContain("invalid api key");
    expect(auth.message).not.toContain(apiKey);
    expect(JSON.stringify(auth.toJSON())).not.toContain(apiKey);
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1); // not retried
    expect(logger.text()).not.toContain(apiKey);
    expect(logger.text()).not.toContain(apiKey.slice(8));
    await http.close();
    await server.close();
  });

  it("keeps other 400s as plain API errors", async () => {
    const { server, provider, http } = await setup();
    server.route("POST", TOKEN_PATH, oauthError(400, "invalid_request", "api_key is required"));
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect((error as { status: number }).status).toBe(400);
    await http.close();
    await server.close();
  });

  it("surfaces connection failures as APIConnectionError and recovers afterwards", async () => {
    const { server, provider, http } = await setup({ maxRetries: 0 });
    server.route("POST", TOKEN_PATH, { fault: "reset" }, { body: tokenBody() });
    await expect(provider.getToken()).rejects.toBeInstanceOf(APIConnectionError);
    await expect(provider.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
    await http.close();
    await server.close();
  });

  it("invalidate() and forceRefresh trigger a new exchange", async () => {
    const { server, provider, http } = await setup();
    server.route("POST", TOKEN_PATH, { body: tokenBody() });
    await provider.getToken();
    provider.invalidate();
    await provider.getToken();
    await provider.getToken({ forceRefresh: true });
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(3);
    await http.close();
    await server.close();
  });

  it("a caller's abort does not cancel the shared exchange for others", async () => {
    const { server, provider, http } = await setup();
    server.route("POST", TOKEN_PATH, { body: tokenBody(), delayMs: 50 });
    const controller = new AbortController();
    const aborted = provider.getToken({ signal: controller.signal });
    const other = provider.getToken();
    controller.abort();
    await expect(aborted).rejects.toBeDefined();
    await expect(other).resolves.toMatchObject({ tokenType: "Bearer" });
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1);
    await http.close();
    await server.close();
  });

  it("rejects an empty key at construction without echoing it", async () => {
    const http = new HttpClient({ baseUrl: "http://127.0.0.1:1" });
    expect(() => new ServiceKeyTokenProvider({ apiKey: "", tokenUrl: "http://127.0.0.1:1/t", http })).toThrow(
      /apiKey/,
    );
  });
});
