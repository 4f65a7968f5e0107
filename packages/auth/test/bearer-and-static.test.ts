import { HttpClient } from "@highflame/core";
import { createCapturingLogger, generateTestKey, startTestServer } from "@highflame/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  bearerAuth,
  ConfigurationError,
  createTokenProvider,
  decodeJwtClaims,
  isServiceKey,
  looksLikeJwt,
  resolveTokenUrl,
  ServiceKeyTokenProvider,
  StaticTokenProvider,
} from "../src/index.js";
import { makeJwt, tokenBody } from "./jwt-helpers.js";

afterEach(() => vi.unstubAllEnvs());

describe("bearerAuth + 401 refresh-once", () => {
  it("invalidates and repeats once with a fresh token, outside maxRetries", async () => {
    await using server = await startTestServer();
    const logger = createCapturingLogger();
    await using http = new HttpClient({ baseUrl: server.url, maxRetries: 0, logger, logLevel: "debug" });
    const apiKey = generateTestKey();
    const provider = new ServiceKeyTokenProvider({ apiKey, tokenUrl: `${server.url}/oauth2/token`, http });
    server.route(
      "POST",
      "/oauth2/token",
      { body: tokenBody({ access_token: makeJwt({ n: 1 }) }) },
      { body: tokenBody({ access_token: makeJwt({ n: 2 }) }) },
    );
    server.route(
      "GET",
      "/v1/health",
      { status: 401, body: { status: 401, title: "unauthorized" } },
      { body: { ok: true } },
    );
    const api = http.withOptions({ auth: bearerAuth(provider) });
    await expect(api.request({ method: "GET", path: "/v1/health" })).resolves.toEqual({ ok: true });
    const calls = server.requestsTo("GET", "/v1/health");
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers.authorization).not.toBe(calls[1]!.headers.authorization);
    expect(calls[1]!.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(server.requestsTo("POST", "/oauth2/token")).toHaveLength(2);
    expect(logger.text()).not.toContain(apiKey);
    expect(logger.text()).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });

  it("never loops: a second 401 surfaces as AuthenticationError", async () => {
    await using server = await startTestServer();
    await using http = new HttpClient({ baseUrl: server.url, maxRetries: 2 });
    const provider = new ServiceKeyTokenProvider({
      apiKey: generateTestKey(),
      tokenUrl: `${server.url}/t`,
      http,
    });
    server.route("POST", "/t", { body: tokenBody() });
    server.route("GET", "/v1/health", { status: 401 });
    const api = http.withOptions({ auth: bearerAuth(provider) });
    await expect(api.request({ method: "GET", path: "/v1/health" })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(server.requestsTo("GET", "/v1/health")).toHaveLength(2);
  });
});

describe("StaticTokenProvider", () => {
  it("reads exp and tenant claims without verification", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const jwt = makeJwt({ exp, account_id: "acc_s", project_id: "proj_s" });
    const token = await new StaticTokenProvider(jwt).getToken();
    expect(token).toEqual({
      accessToken: jwt,
      tokenType: "Bearer",
      expiresAt: exp * 1000,
      accountId: "acc_s",
      projectId: "proj_s",
    });
  });
  it("treats an opaque token as non-expiring", async () => {
    expect((await new StaticTokenProvider("opaque-token").getToken()).expiresAt).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
  it("rejects an empty token", () => {
    expect(() => new StaticTokenProvider(" ")).toThrow(ConfigurationError);
  });
});

describe("key helpers", () => {
  it("classifies keys and JWTs", () => {
    expect(isServiceKey(generateTestKey("hf_sk_"))).toBe(true);
    expect(isServiceKey(generateTestKey("zid_sk_"))).toBe(true);
    expect(isServiceKey("sk-other")).toBe(false);
    expect(looksLikeJwt(makeJwt({ a: 1 }))).toBe(true);
    expect(looksLikeJwt("a.b.c")).toBe(false);
    expect(looksLikeJwt(generateTestKey())).toBe(false);
    expect(decodeJwtClaims(makeJwt({ account_id: "x" }))).toEqual({ account_id: "x" });
    expect(decodeJwtClaims("not-a-jwt")).toBeUndefined();
  });

  it("createTokenProvider sends a JWT directly and exchanges keys", () => {
    const http = new HttpClient({ baseUrl: "https://api.highflame.ai" });
    expect(
      createTokenProvider({ apiKey: makeJwt({}), baseUrl: "https://self.example", http }),
    ).toBeInstanceOf(StaticTokenProvider);
    const provider = createTokenProvider({
      apiKey: generateTestKey("zid_sk_"),
      baseUrl: "https://api.highflame.ai",
      http,
    });
    expect(provider).toBeInstanceOf(ServiceKeyTokenProvider);
    expect((provider as ServiceKeyTokenProvider).tokenUrl).toBe("https://auth.highflame.ai/oauth2/token");
  });
});

describe("resolveTokenUrl", () => {
  it("prefers explicit, then HIGHFLAME_TOKEN_URL", () => {
    vi.stubEnv("HIGHFLAME_TOKEN_URL", "https://env.example/oauth2/token");
    expect(resolveTokenUrl({ tokenUrl: "https://explicit.example/t", baseUrl: "https://x.example" })).toBe(
      "https://explicit.example/t",
    );
    expect(resolveTokenUrl({ baseUrl: "https://x.example" })).toBe("https://env.example/oauth2/token");
  });

  it.each([
    ["https://api.highflame.ai", "hf_sk_", "https://auth.highflame.ai/oauth2/token"],
    ["https://api.highflame.ai", "zid_sk_", "https://auth.highflame.ai/oauth2/token"],
    ["https://shield.api.highflame.ai", "hf_sk_", "https://studio.api.highflame.ai/api/cli-auth/token"],
    ["https://shield.api.highflame.ai", "zid_sk_", "https://auth.highflame.ai/oauth2/token"],
    ["https://api-dev.highflame.dev", "hf_sk_", "https://auth-dev.highflame.dev/oauth2/token"],
    [
      "https://shield.api-dev.highflame.dev/",
      "hf_sk_",
      "https://studio.api-dev.highflame.dev/api/cli-auth/token",
    ],
    ["https://shield.api-dev.highflame.dev", "zid_sk_", "https://auth-dev.highflame.dev/oauth2/token"],
  ] as const)("%s with a %s key → %s", (baseUrl, prefix, expected) => {
    vi.stubEnv("HIGHFLAME_TOKEN_URL", "");
    expect(resolveTokenUrl({ baseUrl, apiKey: generateTestKey(prefix) })).toBe(expected);
  });

  it("fails on a non-default host with no token URL, naming tokenUrl", () => {
    vi.stubEnv("HIGHFLAME_TOKEN_URL", "");
    const apiKey = generateTestKey();
    const error = (() => {
      try {
        resolveTokenUrl({ baseUrl: "https://shield.internal.example.com", apiKey });
      } catch (e) {
        return e;
      }
    })() as InstanceType<typeof ConfigurationError>;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.option).toBe("tokenUrl");
    expect(error.message).toContain("tokenUrl");
    expect(error.message).not.toContain(apiKey);
  });
});
