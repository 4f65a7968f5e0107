/** Lifetime of the stub's tokens, seconds (longer than any run, so no refresh happens mid-measurement). */
export const TOKEN_LIFETIME_S = 3600;
/** Tenant the stub's tokens name (`account_id` / `project_id` claims). */
export const STUB_TENANT = { accountId: "acct_bench", projectId: "proj_bench" } as const;

/** Request counts of the stub server (`GET /stats`). */
export interface StubStats {
  /** `POST /oauth2/token` answered 200. */
  tokenExchanges: number;
  /** `POST /oauth2/token` rejected (wrong grant or key). */
  tokenRejected: number;
  /** `POST /v1/guard` answered 200. */
  guardOk: number;
  /** `POST /v1/guard` rejected (missing/wrong bearer token, no `content`). */
  guardRejected: number;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * A JWT-shaped bearer token: the SDK reads its claims (expiry, tenant) without verifying it, as it does with a
 * real gateway token; the stub compares it byte for byte. The signature part is random, not a signature.
 */
export function mintToken(nonce: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: "svc_bench",
    iss: "bench-stub",
    iat: now,
    exp: now + TOKEN_LIFETIME_S,
    account_id: STUB_TENANT.accountId,
    project_id: STUB_TENANT.projectId,
  };
  return `${base64url({ alg: "RS256", typ: "JWT", kid: "bench" })}.${base64url(claims)}.${nonce}`;
}

/**
 * The fixed `POST /v1/guard` answer: an `allow` with the fields a real Shield response carries (spec §7), about
 * 670 bytes, so the client has a realistic body to parse and validate.
 */
export function guardResponseBody(): Buffer {
  return Buffer.from(
    JSON.stringify({
      decision: "allow",
      actual_decision: "allow",
      effective_mode: "enforce",
      mode_overridden: false,
      alerted: false,
      policy_reason: "No policy matched; default allow",
      audit_id: "aud_bench_0001",
      request_id: "req_bench_stub",
      timestamp: "2026-01-01T00:00:00.000Z",
      latency_ms: 3,
      eval_latency_ms: 1,
      signals: [
        { name: "prompt_injection", detector: "injection", severity: "low", score: 0.02, tier: "fast" },
        { name: "pii", detector: "pii", severity: "none", score: 0, tier: "fast" },
      ],
      determining_policies: [
        { id: "default-allow", effect: "permit", decision: "allow", mode: "enforce", enforced: true },
      ],
      context: { "injection.score": 0.02, "pii.detected": false, "content.length": 30 },
    }),
  );
}
