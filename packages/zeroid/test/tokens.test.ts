import { randomBytes } from "node:crypto";
import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  RequestValidationError,
} from "@highflame/core";
import {
  createCapturingLogger,
  generateTestKey,
  oauthError,
  startTestServer,
  type TestServer,
} from "@highflame/testing";
import { compactVerify, decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createActorAssertion,
  generateAgentKeyPair,
  JWT_BEARER_GRANT,
  TOKEN_EXCHANGE_GRANT,
  ZeroIDClient,
  ZeroIDError,
} from "../src/index.js";
import { tokenBody } from "./helpers/fixtures.js";
import { startIssuer, type TestIssuer } from "./helpers/issuer.js";

let server: TestServer;
let issuer: TestIssuer;
let client: ZeroIDClient;

beforeEach(async () => {
  server = await startTestServer();
  issuer = await startIssuer(server);
  client = new ZeroIDClient({
    baseUrl: server.url,
    accountId: "acme",
    projectId: "prod",
    maxRetries: 0,
    logLevel: "off",
  });
  server.route("POST", "/oauth2/token", { body: tokenBody() });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

const secret = () => randomBytes(16).toString("base64url");
const lastToken = () => server.requestsTo("POST", "/oauth2/token").at(-1)!;

describe("token grants", () => {
  it("api_key: issueApiKey sends the key and joined scopes, never a bearer header", async () => {
    const key = generateTestKey("zid_sk_");
    const result = await client.tokens.issueApiKey(key, { scope: ["tools:run", "data:read"] });
    expect(result.access_token).toBe("header.payload.sig");
    const req = lastToken();
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers.authorization).toBeUndefined();
    expect(req.json).toEqual({ grant_type: "api_key", api_key: key, scope: "tools:run data:read" });
  });

  it("client_credentials: tenant defaults to the client's and can be overridden", async () => {
    const s = secret();
    await client.tokens.issueClientCredentials("svc-a", s, { scope: "tools:run" });
    expect(lastToken().json).toEqual({
      grant_type: "client_credentials",
      client_id: "svc-a",
      client_secret: s,
      account_id: "acme",
      project_id: "prod",
      scope: "tools:run",
    });
    await client.tokens.issueClientCredentials("svc-a", s, { account_id: "other", project_id: "dev" });
    expect(lastToken().json).toMatchObject({ account_id: "other", project_id: "dev" });
    expect(lastToken().json).not.toHaveProperty("scope");
  });

  it("client_credentials without any tenant throws before the request", async () => {
    await using bare = new ZeroIDClient({ baseUrl: server.url });
    await expect(bare.tokens.issueClientCredentials("svc-a", secret())).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("jwt-bearer: the assertion goes in `subject`", async () => {
    const keys = await generateAgentKeyPair();
    const assertion = await client.tokens.createActorAssertion({
      privateKey: keys.privateKey,
      wimseUri: "spiffe://zeroid.test/acme/prod/agent/worker-1",
    });
    await client.tokens.issueJwtBearer(assertion, { scope: "tools:run" });
    expect(lastToken().json).toEqual({
      grant_type: JWT_BEARER_GRANT,
      subject: assertion,
      scope: "tools:run",
    });
    await client.tokens.issue({ grant_type: "jwt_bearer", subject: assertion });
    expect(lastToken().json).toEqual({ grant_type: JWT_BEARER_GRANT, subject: assertion });
  });

  it("token-exchange: subject and actor tokens with the RFC 8693 subject token type", async () => {
    await client.tokens.issueTokenExchange("parent.jwt.x", "actor.jwt.y", { scope: "data:read" });
    expect(lastToken().json).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: "parent.jwt.x",
      subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
      actor_token: "actor.jwt.y",
      scope: "data:read",
    });
  });

  it("issue() passes any grant through, with a DPoP header when given", async () => {
    await client.tokens.issue(
      { grant_type: "refresh_token", refresh_token: "zid_rt_x", client_id: "c" },
      { dpop: "dpop.proof.jwt" },
    );
    expect(lastToken().json).toEqual({
      grant_type: "refresh_token",
      refresh_token: "zid_rt_x",
      client_id: "c",
    });
    expect(lastToken().headers.dpop).toBe("dpop.proof.jwt");
  });

  it("validates grant inputs locally", async () => {
    await expect(client.tokens.issue({ grant_type: "" })).rejects.toBeInstanceOf(RequestValidationError);
    await expect(client.tokens.issue({ grant_type: "api_key" })).rejects.toMatchObject({ field: "api_key" });
    await expect(client.tokens.issue({ grant_type: "jwt_bearer" })).rejects.toMatchObject({
      field: "subject",
    });
    await expect(client.tokens.issue({ grant_type: "token_exchange" })).rejects.toMatchObject({
      field: "subject_token",
    });
    expect(server.requestsTo("POST", "/oauth2/token")).toHaveLength(0);
  });

  it("delegate() uses the client's own token as subject", async () => {
    const own = await issuer.token();
    const apiKey = generateTestKey("zid_sk_");
    server.route("POST", "/oauth2/token", (req) =>
      (req.json as { grant_type: string }).grant_type === "api_key"
        ? { body: tokenBody(own) }
        : { body: tokenBody("child.jwt.z") },
    );
    await using c = new ZeroIDClient({ baseUrl: server.url, apiKey, accountId: "acme", projectId: "prod" });
    const result = await c.tokens.delegate({ actor_token: "actor.jwt.y", scope: ["data:read"] });
    expect(result.access_token).toBe("child.jwt.z");
    const [exchange, delegation] = server.requestsTo("POST", "/oauth2/token");
    expect(exchange!.json).toMatchObject({ grant_type: "api_key", api_key: apiKey });
    expect(delegation!.json).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: own,
      subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
      actor_token: "actor.jwt.y",
      scope: "data:read",
    });
  });

  it("delegate() without an own token is a configuration error", async () => {
    await expect(client.tokens.delegate({ actor_token: "a.b.c" })).rejects.toMatchObject({
      option: "apiKey",
    });
  });
});

describe("token endpoint errors keep their OAuth codes", () => {
  it.each([
    ["invalid_scope", "oauth"],
    ["policy_violation", "oauth"],
    ["insufficient_scope", "oauth"],
  ])("%s", async (code, kind) => {
    server.route("POST", "/oauth2/token", oauthError(400, code, `${code} happened`));
    const error = (await client.tokens
      .issueTokenExchange("s.t.x", "a.t.y", { scope: "x" })
      .catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(ZeroIDError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe(code);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(400);
    expect(error.detail).toBe(`${code} happened`);
  });

  it("400 invalid_grant for an unknown API key is an authentication error", async () => {
    server.route("POST", "/oauth2/token", oauthError(400, "invalid_grant", "api key not found"));
    const key = generateTestKey("zid_sk_");
    const error = (await client.tokens.issueApiKey(key).catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.kind).toBe("authentication");
    expect(error.code).toBe("invalid_grant");
    expect(error.message).not.toContain(key);
  });

  it("invalid_grant on a token exchange stays an OAuth error; 401 invalid_client is authentication", async () => {
    server.route(
      "POST",
      "/oauth2/token",
      oauthError(400, "invalid_grant", "subject revoked"),
      oauthError(401, "invalid_client", "bad secret"),
    );
    const exchange = (await client.tokens
      .issueTokenExchange("s.t.x", "a.t.y", { scope: "x" })
      .catch((e: unknown) => e)) as ZeroIDError;
    expect(exchange.kind).toBe("oauth");
    const cc = (await client.tokens
      .issueClientCredentials("svc", secret())
      .catch((e: unknown) => e)) as ZeroIDError;
    expect(cc.kind).toBe("authentication");
    expect(cc.code).toBe("invalid_client");
    expect(cc.status).toBe(401);
  });

  it("422 on the token endpoint is a validation error", async () => {
    server.route("POST", "/oauth2/token", {
      status: 422,
      headers: { "content-type": "application/problem+json" },
      body: {
        title: "Unprocessable Entity",
        status: 422,
        detail: "validation failed",
        errors: [{ message: "required", location: "body.grant_type", value: "" }],
      },
    });
    const error = (await client.tokens
      .issue({ grant_type: "custom" })
      .catch((e: unknown) => e)) as ZeroIDError;
    expect(error.code).toBe("validation_error");
    expect(error.kind).toBe("validation");
    expect(error.errors).toHaveLength(1);
  });
});

describe("actor assertions", () => {
  it("createActorAssertion signs ES256 with iss = sub = WIMSE URI, aud, short exp, iat and jti", async () => {
    const keys = await generateAgentKeyPair();
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const wimseUri = "spiffe://zeroid.test/acme/prod/agent/worker-1";
    const now = Date.now();
    const assertion = await createActorAssertion({
      privateKey: keys.privateKeyPem,
      wimseUri,
      audience: server.url,
      ttlSeconds: 120,
      now: () => now,
    });
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: "ES256", typ: "JWT" });
    const publicKey = await importSPKI(keys.publicKeyPem, "ES256");
    const { payload } = await jwtVerify(assertion, publicKey, {
      issuer: wimseUri,
      subject: wimseUri,
      audience: server.url,
      currentDate: new Date(now),
    });
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    // JOSE R||S: a P-256 signature is exactly 64 bytes (DER would be ~70-72).
    expect(Buffer.from(assertion.split(".")[2]!, "base64url")).toHaveLength(64);
    await compactVerify(assertion, publicKey);
    const second = await createActorAssertion({
      privateKey: keys.privateKey,
      wimseUri,
      audience: server.url,
    });
    expect(decodeJwt(second).jti).not.toBe(payload.jti);
    expect(decodeJwt(second).exp! - decodeJwt(second).iat!).toBe(300);
  });

  it("client.tokens.createActorAssertion defaults the audience to the issuer", async () => {
    const keys = await generateAgentKeyPair();
    const assertion = await client.tokens.createActorAssertion({
      privateKey: keys.privateKey,
      wimseUri: "spiffe://t/a/p/agent/w",
    });
    expect(decodeJwt(assertion).aud).toBe(server.url);
  });

  it("rejects bad assertion input", async () => {
    const keys = await generateAgentKeyPair();
    await expect(
      createActorAssertion({ privateKey: keys.privateKey, wimseUri: "https://x", audience: "a" }),
    ).rejects.toMatchObject({ field: "wimseUri" });
    await expect(
      createActorAssertion({
        privateKey: keys.privateKey,
        wimseUri: "spiffe://t/a",
        audience: "a",
        ttlSeconds: 86_400,
      }),
    ).rejects.toMatchObject({ field: "ttlSeconds" });
  });
});

/** A server that tracks revocation by jti, like ZeroID's introspect/revoke. */
function serveIntrospection(s: TestServer): Set<string> {
  const revoked = new Set<string>();
  s.route("POST", "/oauth2/token/introspect", (req) => {
    const token = req.form?.get("token") ?? "";
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch {
      return { body: { active: false } };
    }
    if (revoked.has(String(claims.jti))) return { body: { active: false } };
    const {
      iss,
      sub,
      jti,
      iat,
      exp,
      account_id,
      project_id,
      trust_level,
      identity_type,
      delegation_depth,
      act,
    } = claims;
    const scope = (claims.scopes as string[] | undefined)?.join(" ");
    return {
      body: {
        active: true,
        iss,
        sub,
        jti,
        iat,
        exp,
        scope,
        account_id,
        project_id,
        trust_level,
        identity_type,
        delegation_depth,
        act,
      },
    };
  });
  s.route("POST", "/oauth2/token/revoke", (req) => {
    try {
      revoked.add(String(decodeJwt((req.json as { token?: string } | undefined)?.token ?? "").jti));
    } catch {
      // unknown tokens are "revoked" too
    }
    return { body: { revoked: true } };
  });
  return revoked;
}

describe("introspection, revocation and sessions", () => {
  it("introspect sends a form body, revoke JSON {token} (as 0.3 did), client credentials in the body or as Basic", async () => {
    serveIntrospection(server);
    const token = await issuer.token();
    const s = secret();
    await client.tokens.introspect(token);
    await client.tokens.revoke(token, { clientId: "svc-a", clientSecret: s });
    await client.tokens.revoke(token, { clientId: "svc a", clientSecret: s, method: "basic" });
    const [intro] = server.requestsTo("POST", "/oauth2/token/introspect");
    expect(intro!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(intro!.form!)).toEqual({ token });
    const [post, basic] = server.requestsTo("POST", "/oauth2/token/revoke");
    expect(post!.headers["content-type"]).toMatch(/^application\/json/);
    expect(post!.json).toEqual({ token, client_id: "svc-a", client_secret: s });
    expect(basic!.json).toEqual({ token });
    expect(basic!.headers.authorization).toBe(`Basic ${Buffer.from(`svc%20a:${s}`).toString("base64")}`);
  });

  it("never logs client secrets", async () => {
    serveIntrospection(server);
    const logger = createCapturingLogger();
    const s = secret();
    await using c = new ZeroIDClient({ baseUrl: server.url, logger, logLevel: "debug" });
    await c.tokens.revoke("x.y.z", { clientId: "rs", clientSecret: s, method: "basic" });
    await c.tokens.introspect("x.y.z", { clientId: "rs", clientSecret: s });
    await c.tokens
      .issueClientCredentials("rs", s, { account_id: "a", project_id: "p" })
      .catch(() => undefined);
    expect(logger.entries.length).toBeGreaterThan(0);
    const basic = Buffer.from(`rs:${s}`).toString("base64");
    for (const entry of logger.entries) {
      const text = JSON.stringify([entry.message, entry.args]);
      expect(text).not.toContain(s);
      expect(text).not.toContain(basic);
    }
  });

  it("uses the client's configured clientCredentials by default", async () => {
    serveIntrospection(server);
    const s = secret();
    await using c = new ZeroIDClient({
      baseUrl: server.url,
      clientCredentials: { clientId: "rs", clientSecret: s },
    });
    await c.tokens.revoke("x.y.z");
    expect(server.requestsTo("POST", "/oauth2/token/revoke")[0]!.json).toEqual({
      token: "x.y.z",
      client_id: "rs",
      client_secret: s,
    });
  });

  it("revocation is visible through session() and not through verify()", async () => {
    serveIntrospection(server);
    const token = await issuer.token({ mission_id: "m-1", allowed_tools: ["search"] });
    const before = await client.tokens.session(token);
    expect(before.source).toBe("introspection");
    // Claims introspection omits are filled from the (server-validated) token itself.
    expect(before.owner_user_id).toBe("user-1");
    expect(before.sub_type).toBe("orchestrator");
    expect(before.mission_id).toBe("m-1");
    expect(before.scopes).toEqual(["tools:run", "data:read"]);
    expect(before.hasTool("search")).toBe(true);

    expect(await client.tokens.revoke(token)).toEqual({ revoked: true });

    const error = (await client.tokens.session(token).catch((e: unknown) => e)) as ZeroIDError;
    expect(error).toBeInstanceOf(ZeroIDError);
    expect(error.code).toBe("token_inactive");
    expect(error.status).toBe(401);
    // Local verification cannot see revocation.
    expect((await client.tokens.verify(token)).jti).toBe(before.jti);
  });

  it("sessionFromRequest reads Headers, fetch Requests, Node-style requests and plain records", async () => {
    serveIntrospection(server);
    const token = await issuer.token();
    const inputs = [
      new Headers({ Authorization: `Bearer ${token}` }),
      new Request("http://x/", { headers: { authorization: `Bearer ${token}` } }),
      { headers: { authorization: `Bearer ${token}` } },
      { Authorization: `Bearer ${token}` },
    ];
    for (const input of inputs) {
      expect((await client.tokens.sessionFromRequest(input)).account_id).toBe("acme");
    }
    const missing = (await client.tokens.sessionFromRequest({}).catch((e: unknown) => e)) as ZeroIDError;
    expect(missing.code).toBe("missing_token");
    expect(server.requestsTo("POST", "/oauth2/token/introspect")).toHaveLength(4);
  });

  it("session and verify return the same helpers (delegation, trust, scopes)", async () => {
    serveIntrospection(server);
    const token = await issuer.token({
      delegation_depth: 1,
      act: { sub: "spiffe://zeroid.test/acme/prod/agent/orchestrator" },
      trust_level: "verified_third_party",
    });
    for (const identity of [await client.tokens.session(token), await client.tokens.verify(token)]) {
      expect(identity.isDelegated()).toBe(true);
      expect(identity.delegatedBy()).toBe("spiffe://zeroid.test/acme/prod/agent/orchestrator");
      expect(identity.delegation_depth).toBe(1);
      identity.requireTrust("unverified");
      identity.requireTrust("verified_third_party");
      expect(() => identity.requireTrust("first_party")).toThrow(ZeroIDError);
      identity.requireScope("data:read");
      const err = (() => {
        try {
          identity.requireScope("admin");
        } catch (e) {
          return e as ZeroIDError;
        }
      })();
      expect(err?.code).toBe("insufficient_scope");
      expect(err?.message).toContain("Missing required scope");
      expect(err?.status).toBe(403);
    }
  });
});

describe("health and jwks", () => {
  it("health() and jwks() hit the public endpoints without tenant or auth headers", async () => {
    server.route("GET", "/health", {
      body: { status: "healthy", service: "zeroid", timestamp: "t", uptime_ms: 5 },
    });
    expect((await client.tokens.health()).status).toBe("healthy");
    expect((await client.health()).uptime_ms).toBe(5);
    const jwks = await client.tokens.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(["zeroid-key-1", "v1"]);
    for (const req of server.requests) {
      expect(req.headers["x-account-id"]).toBeUndefined();
      expect(req.headers.authorization).toBeUndefined();
    }
  });
});
