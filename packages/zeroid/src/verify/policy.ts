import { ConfigurationError } from "@highflame/core";
import { ASYMMETRIC_ALGORITHMS, DEFAULT_ALGORITHMS, type VerifyAlgorithm } from "../enums.js";

/** Default clock tolerance for `exp`, `nbf` and `iat`: 30 s. */
export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

/** Rules a token must satisfy. Per-call options override the verifier's. */
export interface VerifyOptions {
  /**
   * Expected audience: the token's `aud` must contain it (or one of them). Default: the issuer URL, which is
   * what ZeroID mints. `null` skips the check.
   */
  audience?: string | readonly string[] | null | undefined;
  /** Expected `iss`, compared exactly. Default: the configured issuer (client: `baseUrl`). `null` skips it. */
  issuer?: string | null | undefined;
  /** Accepted JWS algorithms; asymmetric only (never `none` or `HS*`). Default `["ES256", "RS256"]`. */
  algorithms?: readonly VerifyAlgorithm[] | undefined;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds. Default 30. */
  clockToleranceSec?: number | undefined;
  /** Require non-empty string `account_id` and `project_id` claims. Default `true`. */
  requireTenant?: boolean | undefined;
}

/** A fully resolved {@link VerifyOptions}. @internal */
export interface VerifyPolicy {
  audience: readonly string[] | undefined;
  issuer: string | undefined;
  algorithms: readonly VerifyAlgorithm[];
  clockToleranceSec: number;
  requireTenant: boolean;
  now: () => number;
}

/** Merges verifier defaults with per-call options and validates them. @internal */
export function resolvePolicy(
  base: VerifyOptions,
  override: VerifyOptions = {},
  now: () => number = Date.now,
): VerifyPolicy {
  const pick = <K extends keyof VerifyOptions>(key: K): VerifyOptions[K] =>
    override[key] !== undefined ? override[key] : base[key];
  const issuer = pick("issuer") ?? undefined;
  const audienceOption = pick("audience");
  const audience =
    audienceOption === null
      ? undefined
      : audienceOption === undefined
        ? issuer === undefined
          ? undefined
          : [issuer]
        : typeof audienceOption === "string"
          ? [audienceOption]
          : [...audienceOption];
  const algorithms = pick("algorithms") ?? DEFAULT_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new ConfigurationError("algorithms must be a non-empty list", { option: "algorithms" });
  }
  for (const alg of algorithms) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new ConfigurationError(
        `algorithm ${JSON.stringify(alg)} is not allowed; use asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(", ")})`,
        { option: "algorithms" },
      );
    }
  }
  const clockToleranceSec = pick("clockToleranceSec") ?? DEFAULT_CLOCK_TOLERANCE_SEC;
  if (typeof clockToleranceSec !== "number" || !Number.isFinite(clockToleranceSec) || clockToleranceSec < 0) {
    throw new ConfigurationError("clockToleranceSec must be a non-negative number of seconds", {
      option: "clockToleranceSec",
    });
  }
  return {
    issuer,
    audience,
    algorithms,
    clockToleranceSec,
    requireTenant: pick("requireTenant") ?? true,
    now,
  };
}
