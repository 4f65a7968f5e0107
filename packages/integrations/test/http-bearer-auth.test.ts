import { ConfigurationError } from "@highflame/core";
import { type Verifier, ZeroIDError, type ZeroIDIdentity } from "@highflame/zeroid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthFailure,
  bearerChallenge,
  createBearerAuth,
  MAX_TOKEN_LENGTH,
  SessionCache,
} from "../src/http/index.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer?.close());

const failureOf = (result: Awaited<ReturnType<ReturnType<typeof createBearerAuth>["authenticate"]>>) => {
  if (result.ok) throw new Error("expected a refusal");
  return result.failure;
};

describe("bearerChallenge", () => {
  it("quotes realm and resource_metadata and keeps header injection out", () => {
    expect(bearerChallenge({})).toBe("Bearer");
    expect(
      bearerChallenge({ realm: 'a "b" \\c', resourceMetadata: "https://api.example/.well-known/x" }),
    ).toBe('Bearer realm="a \\"b\\" \\\\c", resource_metadata="https://api.example/.well-known/x"');
    const hostile = bearerChallenge({
      error: "invalid_token",
      errorDescription: 'kid "x"\r\nSet-Cookie: a=b \u00e9',
      realm: "r\r\nX: y",
    });
    expect(hostile).toBe(
      `Bearer realm="rX: y", error="invalid_token", error_description="kid 'x'Set-Cookie: a=b "`,
    );
    expect(hostile).not.toMatch(/[\r\n]/);
  });

  it("drops error_description and scope when there is no error code", () => {
    expect(bearerChallenge({ errorDescription: "x", scope: "a b", realm: "api" })).toBe('Bearer realm="api"');
  });
});

describe("createBearerAuth", () => {
  it("refuses bad configuration with ConfigurationError at creation or route definition", () => {
    expect(() => createBearerAuth({})).toThrow(ConfigurationError);
    const auth = createBearerAuth({ verifier: { issuer: issuer.url } });
    expect(() => auth.resolve({ trustLevel: "root" as never })).toThrow(/trustLevel must be one of/);
    expect(() => auth.resolve({ scopes: [""] })).toThrow(/scopes must be an array of non-empty strings/);
    expect(() => auth.resolve({ maxDelegationDepth: -1 })).toThrow(/maxDelegationDepth/);
    expect(() => auth.resolve({ introspect: true })).toThrow(/introspect: true needs the zeroid option/);
    return auth.close();
  });

  it("uses realm, resource_metadata and a 401 invalid_request status when configured, and reports refusals", async () => {
    const seen: AuthFailure[] = [];
    await using auth = createBearerAuth({
      verifier: { issuer: issuer.url },
      realm: "reports",
      resourceMetadata: "https://api.example/.well-known/oauth-protected-resource",
      invalidRequestStatus: 401,
      onReject: (failure) => seen.push(failure),
    });
    const missing = failureOf(await auth.authenticate(undefined));
    expect(missing.headers["www-authenticate"]).toBe(
      'Bearer realm="reports", resource_metadata="https://api.example/.well-known/oauth-protected-resource"',
    );
    const malformed = failureOf(await auth.authenticate("Token abc"));
    expect(malformed.status).toBe(401);
    expect(malformed.body.error).toBe("invalid_request");
    expect(seen.map((f) => f.body.code)).toEqual(["missing_token", "malformed_token"]);
  });

  it("a throwing onReject does not change the refusal", async () => {
    await using auth = createBearerAuth({
      verifier: { issuer: issuer.url },
      onReject: () => {
        throw new Error("logger down");
      },
    });
    const failure = failureOf(await auth.authenticate(undefined));
    expect(failure.status).toBe(401);
  });

  it("refuses several Authorization values and oversized tokens as invalid_request without verifying", async () => {
    await using auth = createBearerAuth({ verifier: { issuer: issuer.url } });
    const before = issuer.server.requests.length;
    const twice = failureOf(
      await auth.authenticate([`Bearer ${issuer.token()}`, `Bearer ${issuer.token()}`]),
    );
    expect(twice).toMatchObject({ status: 400, body: { detail: "More than one Authorization header" } });
    const huge = failureOf(await auth.authenticate(`Bearer ${"a".repeat(MAX_TOKEN_LENGTH + 1)}`));
    expect(huge).toMatchObject({ status: 400, body: { detail: "The bearer token is too long" } });
    expect(issuer.server.requests.length).toBe(before); // no JWKS fetch for either
    const single = await auth.authenticate([`Bearer ${issuer.token()}`]);
    expect(single.ok).toBe(true);
  });

  it("answers 503 verification_unavailable without a challenge when the JWKS cannot be fetched", async () => {
    const down = await startTestIssuer();
    down.server.route("GET", "/.well-known/jwks.json", { status: 500, body: { error: "down" } });
    await using auth = createBearerAuth({ verifier: { issuer: down.url, maxRetries: 0 } });
    const failure = failureOf(await auth.authenticate(`Bearer ${down.token()}`));
    expect(failure.status).toBe(503);
    expect(failure.body.code).toBe("verification_unavailable");
    expect(failure.headers["www-authenticate"]).toBeUndefined();
    await down.close();
  });

  it("scrubs the token from a verifier message that quotes it", async () => {
    const token = issuer.token();
    const leaky: Verifier = {
      verify: async (t: string) => {
        throw new ZeroIDError(`bad token ${t} (payload ${t.split(".")[1]})`, {
          code: "malformed_token",
          kind: "verification",
        });
      },
      verifyBearer: async () => {
        throw new Error("unused");
      },
      jwksFetchCount: 0,
      close: async () => {},
      [Symbol.asyncDispose]: async () => {},
    };
    await using auth = createBearerAuth({ verifier: leaky });
    const failure = failureOf(await auth.authenticate(`Bearer ${token}`));
    const everything = JSON.stringify(failure);
    for (const piece of token.split(".")) expect(everything).not.toContain(piece);
    expect(failure.body.detail).toMatch(/^bad token \[(REDACTED|redacted)\] \(payload \[redacted\]\)$/);
  });

  it("lets unexpected verifier errors through to the framework's error path", async () => {
    const broken = { verify: async () => Promise.reject(new TypeError("boom")) } as unknown as Verifier;
    await using auth = createBearerAuth({ verifier: broken });
    await expect(auth.authenticate(`Bearer ${issuer.token()}`)).rejects.toThrow("boom");
  });
});

describe("SessionCache", () => {
  const identity = (exp?: number) => ({ sub: "x", exp }) as unknown as ZeroIDIdentity;
  const never = () => false;

  it("merges concurrent lookups of one token into one call", async () => {
    const cache = new SessionCache();
    let calls = 0;
    const load = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return identity();
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.get("tok", load, never)));
    expect(calls).toBe(1);
    expect(new Set(results).size).toBe(1);
    await cache.get("tok", load, never);
    expect(calls).toBe(1); // served from the cache
  });

  it("is bounded by maxEntries (least recently used dropped) and by ttlMs and the token's exp", async () => {
    let now = 1_000_000;
    const cache = new SessionCache({ maxEntries: 2, ttlMs: 1_000, now: () => now });
    const loads: string[] = [];
    const load = async (t: string) => {
      loads.push(t);
      return identity(t === "short" ? (now + 100) / 1000 : undefined);
    };
    await cache.get("a", load, never);
    await cache.get("b", load, never);
    await cache.get("a", load, never); // a is now most recent
    await cache.get("c", load, never); // evicts b
    expect(cache.size).toBe(2);
    await cache.get("a", load, never);
    await cache.get("b", load, never);
    expect(loads).toEqual(["a", "b", "c", "b"]);
    now += 1_001;
    await cache.get("a", load, never);
    expect(loads.at(-1)).toBe("a");
    await cache.get("short", load, never);
    now += 150; // past the token's exp, well within ttlMs
    await cache.get("short", load, never);
    expect(loads.filter((t) => t === "short")).toHaveLength(2);
    for (let i = 0; i < 100; i++) await cache.get(`t${i}`, load, never);
    expect(cache.size).toBe(2);
  });

  it("caches final refusals but not transient failures", async () => {
    const cache = new SessionCache();
    let calls = 0;
    const inactive = new ZeroIDError("inactive", { code: "token_inactive", kind: "verification" });
    const isFinal = (e: unknown) => e === inactive;
    const revoked = async () => {
      calls += 1;
      throw inactive;
    };
    await expect(cache.get("r", revoked, isFinal)).rejects.toBe(inactive);
    await expect(cache.get("r", revoked, isFinal)).rejects.toBe(inactive);
    expect(calls).toBe(1);
    const flaky = async () => {
      calls += 1;
      throw new Error("connection reset");
    };
    await expect(cache.get("f", flaky, isFinal)).rejects.toThrow("connection reset");
    await expect(cache.get("f", flaky, isFinal)).rejects.toThrow("connection reset");
    expect(calls).toBe(3);
  });
});
