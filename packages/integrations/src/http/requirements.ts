import { ConfigurationError } from "@highflame/core";
import { TRUST_LEVELS, type TrustLevel, type ZeroIDIdentity } from "@highflame/zeroid";

/** What a route asks of a verified caller. Every field is optional; route values override the defaults. */
export interface RouteRequirements {
  /** Scopes the token must grant, all of them. Default: none. */
  scopes?: readonly string[] | undefined;
  /** Minimum `trust_level` (`unverified` < `verified_third_party` < `first_party`). Default: none. */
  trustLevel?: TrustLevel | undefined;
  /** Accept delegated tokens (token exchange, `delegation_depth` > 0). Default `true`. */
  allowDelegated?: boolean | undefined;
  /** Largest accepted `delegation_depth`. Default: no limit. */
  maxDelegationDepth?: number | undefined;
  /** Tools the caller's `allowed_tools` claim must list, all of them. Default: none. */
  tools?: readonly string[] | undefined;
  /**
   * Also ask ZeroID whether the token is still active (`tokens.session()`, RFC 7662 introspection) after the
   * local check, for revocation-sensitive routes. Answers are cached briefly (see `sessionCache`). Needs the
   * `zeroid` option. Default `false`.
   */
  introspect?: boolean | undefined;
  /** Let requests without an `Authorization` header through with no identity (a bad token is still refused). Default `false`. */
  optional?: boolean | undefined;
}

/** Requirements after merging defaults and route values (see {@link RouteRequirements}). */
export interface ResolvedRequirements {
  scopes: readonly string[];
  trustLevel: TrustLevel | undefined;
  allowDelegated: boolean;
  maxDelegationDepth: number | undefined;
  tools: readonly string[];
  introspect: boolean;
  optional: boolean;
}

/** Why a verified identity does not meet a route's requirements. */
export interface RequirementFailure {
  code: "insufficient_scope" | "insufficient_trust" | "delegation_not_allowed" | "tool_not_allowed";
  detail: string;
  /** Scopes to name in the challenge (`insufficient_scope` only). */
  scope?: string | undefined;
}

const pick = <K extends keyof RouteRequirements>(
  key: K,
  base: RouteRequirements,
  route: RouteRequirements,
): RouteRequirements[K] => (route[key] !== undefined ? route[key] : base[key]);

function stringList(value: unknown, option: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item.trim() === "")) {
    throw new ConfigurationError(`${option} must be an array of non-empty strings`, { option });
  }
  return Object.freeze([...value]);
}

/** Merges default and per-route requirements and validates them (throws `ConfigurationError`). */
export function resolveRequirements(
  base: RouteRequirements = {},
  route: RouteRequirements = {},
): ResolvedRequirements {
  const trustLevel = pick("trustLevel", base, route);
  if (trustLevel !== undefined && !(TRUST_LEVELS as readonly string[]).includes(trustLevel)) {
    throw new ConfigurationError(`trustLevel must be one of ${TRUST_LEVELS.join(", ")}`, {
      option: "trustLevel",
    });
  }
  const maxDelegationDepth = pick("maxDelegationDepth", base, route);
  if (
    maxDelegationDepth !== undefined &&
    !(Number.isInteger(maxDelegationDepth) && maxDelegationDepth >= 0)
  ) {
    throw new ConfigurationError("maxDelegationDepth must be a non-negative integer", {
      option: "maxDelegationDepth",
    });
  }
  return {
    scopes: stringList(pick("scopes", base, route), "scopes"),
    trustLevel,
    allowDelegated: pick("allowDelegated", base, route) ?? true,
    maxDelegationDepth,
    tools: stringList(pick("tools", base, route), "tools"),
    introspect: pick("introspect", base, route) ?? false,
    optional: pick("optional", base, route) ?? false,
  };
}

/** Checks a verified identity against resolved requirements; `undefined` when it passes. */
export function checkRequirements(
  identity: ZeroIDIdentity,
  rules: ResolvedRequirements,
): RequirementFailure | undefined {
  const missing = rules.scopes.filter((scope) => !identity.hasScope(scope));
  if (missing.length > 0) {
    return {
      code: "insufficient_scope",
      detail: `Missing required scope${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
      scope: rules.scopes.join(" "),
    };
  }
  if (rules.trustLevel !== undefined) {
    try {
      identity.requireTrust(rules.trustLevel);
    } catch {
      return {
        code: "insufficient_trust",
        detail: `Trust level ${JSON.stringify(identity.trust_level ?? "none")} is below the required ${JSON.stringify(rules.trustLevel)}`,
      };
    }
  }
  if (!rules.allowDelegated && identity.isDelegated()) {
    return { code: "delegation_not_allowed", detail: "Delegated tokens are not accepted here" };
  }
  if (rules.maxDelegationDepth !== undefined && identity.delegation_depth > rules.maxDelegationDepth) {
    return {
      code: "delegation_not_allowed",
      detail: `Delegation depth ${identity.delegation_depth} exceeds the allowed ${rules.maxDelegationDepth}`,
    };
  }
  const tools = rules.tools.filter((tool) => !identity.hasTool(tool));
  if (tools.length > 0) {
    return {
      code: "tool_not_allowed",
      detail: `Caller may not use tool${tools.length > 1 ? "s" : ""}: ${tools.join(", ")}`,
    };
  }
  return undefined;
}
