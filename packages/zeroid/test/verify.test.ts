import { randomUUID } from "node:crypto";
import { ConfigurationError } from "@highflame/core";
import { startTestServer, type TestServer } from "@highflame/testing";
import { exportSPKI, SignJWT } from "jose";
import { Agent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createVerifier, type Verifier, verifyJWT, ZeroIDClient, ZeroIDError } from "../src/index.js";
import { b64, startIssuer, type TestIssuer } from "./helpers/issuer.js";

let server: TestServer;
let issuer: TestIssuer;
let verifier: Verifier;

beforeEach(async () => {
  server = await startTestServer();
  issuer = await startIssuer(server);
  verifier = createVerifier({ issuer: server.url });
});

afterEach(async () => {
  await verifier.close();
  await server.close();
});

async function rejection(promise: Promise<unknown>): Promise<ZeroIDError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZeroIDError);
  const zerr = error as ZeroIDError;
  expect(zerr.kind).toBe("verification");
  return zerr;
}

describe("local verification", () => {
  it("verifies ES256 and RS256 tokens and exposes typed claims", async () => {
    const es = await verifier.verify(await issuer.token({}, { kid: "zeroid-key-1" }));
    const rs = await verifier.verify(await issuer.token({ grant_type: "api_key" }, { kid: "v1" }));
    for (const identity of [es, rs]) {
      expect(identity.sub).toBe("spiffe://zeroid.test/acme/prod/agent/planner-1");
      expect(identity.iss).toBe(server.url);
      expect(identity.aud).toEqual([server.url]);
      expect(identity.account_id).toBe("acme");
      expect(identity.project_id).toBe("prod");
      expect(identity.scopes).toEqual(["tools:run", "data:read"]);
      expect(identity.trust_level).toBe("verified_third_party");
      expect(identity.source).toBe("jwt");
      expect(identity.hasScope("tools:run")).toBe(true);
      expect(identity.isDelegated()).toBe(false);
      expect(identity.delegatedBy()).toBeNull();
    }
    // Regression: an api_key token names the key's creator in `act`, which is not agent delegation.
    const keyToken = await verifier.verify(
      await issuer.token({ grant_type: "api_key", act: { sub: "user-1" } }, { kid: "v1" }),
    );
    expect(keyToken.act?.sub).toBe("user-1");
    expect(keyToken.isDelegated()).toBe(false);
    expect(keyToken.delegatedBy()).toBeNull();
    expect(issuer.jwksFetches).toBe(1);
    const req = server.requestsTo("GET", "/.well-known/jwks.json")[0]!;
    expect(req.headers.authorization).toBeUndefined();
  });

  it("exposes every claim as received, frozen, including claims the SDK does not know", async () => {
    const identity = await verifier.verify(await issuer.token({ custom_claim: { nested: 1 } }));
    expect(identity.claims.custom_claim).toEqual({ nested: 1 });
    expect(identity.claims.sub).toBe(identity.sub);
    expect(Object.isFrozen(identity.claims)).toBe(true);
    expect(() => {
      (identity.claims as Record<string, unknown>).sub = "someone-else";
    }).toThrow(TypeError);
    expect(identity.sub).toContain("planner-1");
    expect(JSON.parse(JSON.stringify(identity))).toEqual(identity.claims);
  });

  it("verifies a Bearer header and rejects other schemes or a missing header", async () => {
    const token = await issuer.token();
    expect((await verifier.verifyBearer(`Bearer ${token}`)).sub).toContain("planner-1");
    expect((await verifier.verifyBearer(`bearer   ${token}`)).sub).toContain("planner-1");
    expect((await rejection(verifier.verifyBearer(undefined))).code).toBe("missing_token");
    expect((await rejection(verifier.verifyBearer(""))).code).toBe("missing_token");
    expect((await rejection(verifier.verifyBearer(`Basic ${token}`))).code).toBe("malformed_token");
  });

  it("rejects a forged signature (right kid, wrong key)", async () => {
    const forger = await issuer.addKey("forger", "ES256", false);
    const token = await issuer.sign(issuer.claims(), { key: forger, header: { kid: "zeroid-key-1" } });
    expect((await rejection(verifier.verify(token))).code).toBe("invalid_signature");
  });

  it("rejects a tampered payload", async () => {
    const token = await issuer.token();
    const [header, , signature] = token.split(".");
    const tampered = `${header}.${b64(issuer.claims({ scopes: ["admin"] }))}.${signature}`;
    expect((await rejection(verifier.verify(tampered))).code).toBe("invalid_signature");
  });

  it("rejects alg none before any key lookup", async () => {
    const token = `${b64({ alg: "none", typ: "JWT" })}.${b64(issuer.claims())}.`;
    const error = await rejection(verifier.verify(token));
    expect(error.code).toBe("algorithm_not_allowed");
    expect(error.status).toBe(401);
    expect(issuer.jwksFetches).toBe(0);
  });

  it("rejects HS256 signed with the issuer's public key before any key lookup", async () => {
    const pem = await exportSPKI(issuer.keys.get("v1")!.publicKey);
    const token = await new SignJWT(issuer.claims())
      .setProtectedHeader({ alg: "HS256", kid: "v1" })
      .sign(new TextEncoder().encode(pem));
    expect((await rejection(verifier.verify(token))).code).toBe("algorithm_not_allowed");
    expect(issuer.jwksFetches).toBe(0);
  });

  it("refuses to be configured with symmetric or none algorithms", () => {
    expect(() => createVerifier({ issuer: server.url, algorithms: ["HS256" as never] })).toThrow(
      ConfigurationError,
    );
    expect(() => createVerifier({ issuer: server.url, algorithms: ["none" as never] })).toThrow(
      ConfigurationError,
    );
    expect(() => createVerifier({})).toThrow(ConfigurationError);
  });

  it("honours a narrower algorithm allow-list", async () => {
    const esOnly = createVerifier({ issuer: server.url, algorithms: ["ES256"] });
    const error = await rejection(esOnly.verify(await issuer.token({}, { kid: "v1" })));
    expect(error.code).toBe("algorithm_not_allowed");
    await esOnly.close();
  });

  it("requires exp", async () => {
    const error = await rejection(verifier.verify(await issuer.token({ exp: undefined })));
    expect(error.code).toBe("claim_missing");
    expect(error.message).toContain("exp");
  });

  it("rejects expired tokens, honouring the 30 s default tolerance", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(
      (await rejection(verifier.verify(await issuer.token({ iat: now - 600, exp: now - 120 })))).code,
    ).toBe("token_expired");
    await expect(
      verifier.verify(await issuer.token({ iat: now - 600, exp: now - 10 })),
    ).resolves.toBeDefined();
    const strict = createVerifier({ issuer: server.url, clockToleranceSec: 0 });
    expect((await rejection(strict.verify(await issuer.token({ iat: now - 600, exp: now - 10 })))).code).toBe(
      "token_expired",
    );
    await strict.close();
  });

  it("rejects a future nbf and a future iat", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await rejection(verifier.verify(await issuer.token({ nbf: now + 120 })))).code).toBe(
      "token_not_yet_valid",
    );
    expect((await rejection(verifier.verify(await issuer.token({ iat: now + 120 })))).code).toBe(
      "token_not_yet_valid",
    );
    await expect(verifier.verify(await issuer.token({ nbf: now + 10 }))).resolves.toBeDefined();
  });

  it("checks the issuer exactly and the audience (default: the issuer)", async () => {
    expect((await rejection(verifier.verify(await issuer.token({ iss: `${server.url}/` })))).code).toBe(
      "issuer_mismatch",
    );
    expect(
      (await rejection(verifier.verify(await issuer.token({ aud: ["https://other.example"] })))).code,
    ).toBe("audience_mismatch");
    const svc = await issuer.token({ aud: ["https://svc.example"] });
    expect((await verifier.verify(svc, { audience: "https://svc.example" })).aud).toEqual([
      "https://svc.example",
    ]);
    expect((await rejection(verifier.verify(svc, { audience: "https://nope.example" }))).code).toBe(
      "audience_mismatch",
    );
  });

  it("rejects an unknown kid", async () => {
    const stranger = await issuer.addKey("stranger", "ES256", false);
    const error = await rejection(verifier.verify(await issuer.sign(issuer.claims(), { key: stranger })));
    expect(error.code).toBe("unknown_key");
  });

  it("rejects malformed input", async () => {
    for (const input of ["abc", "a.b", "a.b.c.d.e", "%%%.e30.sig", `${b64("x")}.${b64({})}.sig`]) {
      expect((await rejection(verifier.verify(input))).code).toBe("malformed_token");
    }
    expect((await rejection(verifier.verify(42 as never))).code).toBe("malformed_token");
    expect((await rejection(verifier.verify(""))).code).toBe("missing_token");
    const good = await issuer.token();
    const [h, , s] = good.split(".");
    expect((await rejection(verifier.verify(`${h}.not-json.${s}`))).code).toMatch(
      /malformed_token|invalid_signature/,
    );
  });

  it("requires non-empty string tenancy claims unless opted out", async () => {
    for (const overrides of [
      { account_id: undefined },
      { project_id: undefined },
      { account_id: "" },
      { project_id: 7 },
    ]) {
      const error = await rejection(verifier.verify(await issuer.token(overrides)));
      expect(error.code).toBe("claim_missing");
    }
    const noTenant = await issuer.token({ account_id: undefined, project_id: undefined });
    const identity = await verifier.verify(noTenant, { requireTenant: false });
    expect(identity.account_id).toBeUndefined();
  });

  it("requires sub and jti", async () => {
    expect((await rejection(verifier.verify(await issuer.token({ sub: undefined })))).code).toBe(
      "claim_missing",
    );
    expect((await rejection(verifier.verify(await issuer.token({ jti: undefined })))).code).toBe(
      "claim_missing",
    );
  });
});

describe("JWKS cache", () => {
  it("merges concurrent fetches into one", async () => {
    server.route("GET", "/.well-known/jwks.json", () => ({ body: issuer.jwks(), delayMs: 50 }));
    const tokens = await Promise.all(
      Array.from({ length: 10 }, (_, i) => issuer.token({}, { kid: i % 2 ? "v1" : "zeroid-key-1" })),
    );
    const results = await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(results).toHaveLength(10);
    expect(issuer.jwksFetches).toBe(1);
  });

  it("verifies a newly published key after exactly one refetch, respecting the cooldown", async () => {
    let now = Date.now();
    const clocked = createVerifier({ issuer: server.url, now: () => now });
    await clocked.verify(await issuer.token());
    expect(issuer.jwksFetches).toBe(1);

    const rotated = await issuer.addKey("zeroid-key-2", "ES256");
    const token = await issuer.sign(issuer.claims(), { key: rotated });
    // Within 30 s of the last fetch: no refetch, the kid is unknown.
    expect((await rejection(clocked.verify(token))).code).toBe("unknown_key");
    expect(issuer.jwksFetches).toBe(1);

    now += 30_001;
    expect((await clocked.verify(token)).sub).toContain("planner-1");
    expect(issuer.jwksFetches).toBe(2);
    await clocked.verify(token);
    expect(issuer.jwksFetches).toBe(2);
    await clocked.close();
  });

  it("limits a flood of unknown kids to one refetch per cooldown window", async () => {
    let now = Date.now();
    const clocked = createVerifier({ issuer: server.url, now: () => now });
    await clocked.verify(await issuer.token());
    now += 31_000;
    const forged = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const key = await issuer.addKey(`kid-${randomUUID()}`, "ES256", false);
        return issuer.sign(issuer.claims(), { key });
      }),
    );
    const errors = await Promise.all(forged.map((t) => rejection(clocked.verify(t))));
    expect(errors.every((e) => e.code === "unknown_key")).toBe(true);
    expect(issuer.jwksFetches).toBe(2);
    for (const t of forged) await rejection(clocked.verify(t));
    expect(issuer.jwksFetches).toBe(2);
    await clocked.close();
  });

  it("stops verifying a removed key once the cache refreshes (max age 10 min by default)", async () => {
    let now = Date.now();
    const clocked = createVerifier({ issuer: server.url, now: () => now });
    const token = await issuer.token({}, { kid: "v1" });
    await clocked.verify(token);
    issuer.unpublish("v1");
    now += 9 * 60_000;
    await expect(clocked.verify(token)).resolves.toBeDefined();
    expect(issuer.jwksFetches).toBe(1);
    now += 60_001;
    expect((await rejection(clocked.verify(token))).code).toBe("unknown_key");
    expect(issuer.jwksFetches).toBe(2);
    await clocked.close();
  });

  it("uses the key that replaced a kid once the cache refreshes, not the key remembered for it", async () => {
    let now = Date.now();
    const clocked = createVerifier({ issuer: server.url, now: () => now });
    const before = await issuer.token({}, { kid: "v1" });
    expect((await clocked.verify(before)).sub).toContain("planner-1");
    expect((await clocked.verify(before)).sub).toContain("planner-1");
    const replacement = await issuer.addKey("v1", "RS256", true);
    now += 10 * 60_000;
    const after = await issuer.sign(issuer.claims(), { key: replacement });
    expect((await clocked.verify(after)).sub).toContain("planner-1");
    expect(issuer.jwksFetches).toBe(2);
    expect((await rejection(clocked.verify(before))).code).toBe("invalid_signature");
    await clocked.close();
  });

  it("applies per-call options over the verifier's remembered defaults, call by call", async () => {
    const rs = await issuer.token({}, { kid: "v1" });
    await verifier.verify(rs);
    const narrowed = await rejection(verifier.verify(rs, { algorithms: ["ES256"] }));
    expect(narrowed.code).toBe("algorithm_not_allowed");
    expect(narrowed.message).toContain('"RS256"');
    expect((await verifier.verify(rs)).sub).toContain("planner-1");
    expect((await rejection(verifier.verify(rs, { audience: "https://other.example" }))).code).toBe(
      "audience_mismatch",
    );
    expect((await verifier.verify(rs)).aud).toEqual([server.url]);
  });

  it("honours custom maxAgeMs and cooldownMs", async () => {
    let now = Date.now();
    const clocked = createVerifier({ issuer: server.url, now: () => now, maxAgeMs: 1000, cooldownMs: 0 });
    const token = await issuer.token();
    await clocked.verify(token);
    now += 1001;
    await clocked.verify(token);
    expect(issuer.jwksFetches).toBe(2);
    const stranger = await issuer.addKey("s", "ES256", false);
    await rejection(clocked.verify(await issuer.sign(issuer.claims(), { key: stranger })));
    expect(issuer.jwksFetches).toBe(3);
    await clocked.close();
  });

  it("reports an unreachable JWKS as jwks_unavailable", async () => {
    server.route("GET", "/.well-known/jwks.json", { status: 500, body: { error: "boom" } });
    const v = createVerifier({ issuer: server.url, maxRetries: 0 });
    const error = await rejection(v.verify(await issuer.token()));
    expect(error.code).toBe("jwks_unavailable");
    await v.close();
  });

  it("uses an explicit jwksUrl and a custom fetch", async () => {
    server.route("GET", "/keys", () => ({ body: issuer.jwks() }));
    const seen: string[] = [];
    const v = createVerifier({
      issuer: server.url,
      jwksUrl: `${server.url}/keys`,
      fetch: (url, init) => {
        seen.push(url);
        return fetch(url, init);
      },
    });
    await v.verify(await issuer.token());
    expect(seen).toEqual([`${server.url}/keys`]);
    await v.close();
  });
});

describe("verifyJWT and the client verifier", () => {
  it("verifyJWT verifies with issuer defaults", async () => {
    const identity = await verifyJWT(await issuer.token(), {
      issuer: server.url,
      fetch: (u, i) => fetch(u, i),
    });
    expect(identity.project_id).toBe("prod");
    await expect(
      verifyJWT(await issuer.token({ aud: "x" }), { issuer: server.url, fetch: (u, i) => fetch(u, i) }),
    ).rejects.toMatchObject({ code: "audience_mismatch" });
  });

  it("verifyJWT with a dispatcher fetches the JWKS through that dispatcher, never a cached verifier's", async () => {
    const counted = () => {
      const seen: string[] = [];
      const agent = new Agent().compose((dispatch) => (options, handler) => {
        seen.push(options.path);
        return dispatch(options, handler);
      });
      return { agent, seen };
    };
    // A cached verifier for this issuer exists first (no dispatcher)…
    await verifyJWT(await issuer.token(), { issuer: server.url });
    const first = counted();
    const second = counted();
    await verifyJWT(await issuer.token(), { issuer: server.url, dispatcher: first.agent });
    await verifyJWT(await issuer.token(), { issuer: server.url, dispatcher: second.agent });
    // …yet each call with a dispatcher sent its own JWKS request through it.
    expect(first.seen).toEqual(["/.well-known/jwks.json"]);
    expect(second.seen).toEqual(["/.well-known/jwks.json"]);
    await first.agent.close();
    await second.agent.close();
  });

  it("client.tokens.verify defaults issuer and audience to baseUrl and accepts an audience argument", async () => {
    await using client = new ZeroIDClient({ baseUrl: server.url });
    expect((await client.tokens.verify(await issuer.token())).sub).toContain("planner-1");
    const svc = await issuer.token({ aud: "https://svc.example" });
    await expect(client.tokens.verify(svc)).rejects.toMatchObject({ code: "audience_mismatch" });
    expect((await client.tokens.verify(svc, "https://svc.example")).aud).toEqual(["https://svc.example"]);
    expect(
      (await client.tokens.verifyBearer(`Bearer ${svc}`, { audience: "https://svc.example" })).jti,
    ).toBeTruthy();
    expect(issuer.jwksFetches).toBe(1);
  });
});
