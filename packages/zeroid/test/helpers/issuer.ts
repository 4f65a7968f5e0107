import { randomUUID } from "node:crypto";
import type { TestServer } from "@highflame/testing";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** A signing key published (or not) in the test JWKS. */
export interface TestKey {
  kid: string;
  alg: "ES256" | "RS256";
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

/** Options of {@link TestIssuer.sign}. */
export interface SignOptions {
  kid?: string;
  /** Sign with this key instead of the published one with `kid`. */
  key?: TestKey;
  /** Extra protected header fields. */
  header?: Record<string, unknown>;
}

/** A ZeroID-like issuer built with jose: publishes a JWKS on the test server and mints tokens. */
export class TestIssuer {
  readonly keys = new Map<string, TestKey>();
  readonly published = new Set<string>();
  constructor(
    readonly server: TestServer,
    readonly issuer: string,
  ) {}

  /** JWKS requests the server received. */
  get jwksFetches(): number {
    return this.server.requestsTo("GET", "/.well-known/jwks.json").length;
  }

  /** Creates a key (published by default). */
  async addKey(kid: string, alg: "ES256" | "RS256", publish = true): Promise<TestKey> {
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" };
    const key: TestKey = { kid, alg, privateKey: pair.privateKey, publicKey: pair.publicKey, jwk };
    this.keys.set(kid, key);
    if (publish) this.published.add(kid);
    return key;
  }

  publish(kid: string): void {
    this.published.add(kid);
  }

  unpublish(kid: string): void {
    this.published.delete(kid);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.published].map((kid) => this.keys.get(kid)!.jwk) };
  }

  /** Claims ZeroID puts in an agent token, overridable; `undefined` values remove a claim. */
  claims(
    overrides: Record<string, unknown> = {},
    nowSec = Math.floor(Date.now() / 1000),
  ): Record<string, unknown> {
    const base: Record<string, unknown> = {
      iss: this.issuer,
      sub: "spiffe://zeroid.test/acme/prod/agent/planner-1",
      aud: [this.issuer],
      iat: nowSec,
      exp: nowSec + 3600,
      jti: randomUUID(),
      account_id: "acme",
      project_id: "prod",
      grant_type: "api_key",
      identity_type: "agent",
      sub_type: "orchestrator",
      trust_level: "verified_third_party",
      scopes: ["tools:run", "data:read"],
      owner_user_id: "user-1",
      external_id: "planner-1",
    };
    const merged = { ...base, ...overrides };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
    return merged;
  }

  /** Signs `claims` (used as-is) with a key. */
  async sign(claims: Record<string, unknown>, options: SignOptions = {}): Promise<string> {
    const key = options.key ?? this.keys.get(options.kid ?? "zeroid-key-1")!;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...options.header })
      .sign(key.privateKey);
  }

  /** A token with default claims (plus overrides). */
  async token(overrides: Record<string, unknown> = {}, options: SignOptions = {}): Promise<string> {
    return this.sign(this.claims(overrides), options);
  }
}

/** Starts an issuer on `server` with ZeroID's default keys (EC `zeroid-key-1`, RSA `v1`) and a JWKS route. */
export async function startIssuer(server: TestServer): Promise<TestIssuer> {
  const issuer = new TestIssuer(server, server.url);
  await issuer.addKey("zeroid-key-1", "ES256");
  await issuer.addKey("v1", "RS256");
  server.route("GET", "/.well-known/jwks.json", () => ({ body: issuer.jwks() }));
  return issuer;
}

/** base64url of a JSON value. */
export const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
