import { RequestValidationError } from "@highflame/core";
import { type IdentityType, type SubType, TRUST_LEVELS, type TrustLevel, trustRank } from "../enums.js";
import { ZeroIDError } from "../errors/zeroid-error.js";
import type { ActorClaim, Open, ZeroIDClaims } from "./claims.js";

/**
 * A verified caller, from local verification (`verify`, `verifyBearer`, `createVerifier`) or from
 * introspection (`session`, `sessionFromRequest`). Both return this same interface, helpers included.
 *
 * `account_id` and `project_id` are non-empty strings unless the verifier was configured with
 * `requireTenant: false`.
 */
export interface ZeroIDIdentity {
  /** Subject: the WIMSE URI for workloads, a user id for user grants. */
  readonly sub: string;
  /** Issuer URL. */
  readonly iss: string | undefined;
  /** Audiences (always an array; empty when the token had none). */
  readonly aud: string[];
  /** Expiry, Unix seconds (ZeroID tokens always carry it; `0` if a token had none). */
  readonly exp: number;
  /** Issued at, Unix seconds. */
  readonly iat: number | undefined;
  /** Not before, Unix seconds. */
  readonly nbf: number | undefined;
  /** Token id. */
  readonly jti: string | undefined;
  /** Tenant account. */
  readonly account_id: string;
  /** Tenant project. */
  readonly project_id: string;
  /** Identity type (`agent`, `application`, `mcp_server`, `service`). */
  readonly identity_type: Open<IdentityType> | undefined;
  /** Identity sub type. */
  readonly sub_type: Open<SubType> | undefined;
  /** Trust level. */
  readonly trust_level: Open<TrustLevel> | undefined;
  /** Granted scopes (the `scopes` array claim, else the space-delimited `scope`). */
  readonly scopes: readonly string[];
  /** Delegation depth; 0 for a non-delegated token. */
  readonly delegation_depth: number;
  /** Actor claim of a delegated token. */
  readonly act: ActorClaim | undefined;
  /** Mission id (the root token's `jti`, inherited through delegation). */
  readonly mission_id: string | undefined;
  /** Owning user, for attribution only. */
  readonly owner_user_id: string | undefined;
  /** External id of the identity. */
  readonly external_id: string | undefined;
  /** Display name of the identity (the `name` claim), when the token or introspection carries it. */
  readonly name: string | undefined;
  /** Short grant name that minted the token (`api_key`, `token_exchange`, …). */
  readonly grant_type: string | undefined;
  /** Tools the caller may use (deployment-specific claim). */
  readonly allowed_tools: readonly string[];
  /** Session id (deployment-specific claim). */
  readonly session_id: string | undefined;
  /** Task id (deployment-specific claim). */
  readonly task_id: string | undefined;
  /** Task type (deployment-specific claim). */
  readonly task_type: string | undefined;
  /** Every claim as received. */
  readonly claims: Readonly<ZeroIDClaims>;
  /** How the identity was established: local JWT verification or server introspection (revocation-aware). */
  readonly source: "jwt" | "introspection";
  /** True when `scope` was granted. */
  hasScope(scope: string): boolean;
  /** Throws {@link ZeroIDError} (`insufficient_scope`, 403) unless `scope` was granted. */
  requireScope(scope: string): void;
  /** True when `name` is listed in `allowed_tools`. */
  hasTool(name: string): boolean;
  /** Throws {@link ZeroIDError} (`insufficient_trust`, 403) when `trust_level` ranks below `level`. */
  requireTrust(level: TrustLevel): void;
  /**
   * True when the token was obtained by agent delegation: `delegation_depth` > 0 or `grant_type` is
   * `token_exchange`. An `api_key` token's `act` (the key's creator acting through it) is not delegation.
   */
  isDelegated(): boolean;
  /** The delegating agent's WIMSE URI (`act.sub` of a delegated token), or `null` for a non-delegated token. */
  delegatedBy(): string | null;
}

/**
 * What `session()` returns: the same interface as `verify()`, plus `active: true` as in the introspection
 * response it came from (an inactive token throws instead).
 */
export interface AgentSession extends ZeroIDIdentity {
  /** Always `true`: the server reported the token active. */
  readonly active: true;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** Builds a {@link ZeroIDIdentity} from a claim set (already validated by the caller). */
export function identityFromClaims(
  claims: ZeroIDClaims,
  source: "jwt" | "introspection" = "jwt",
): ZeroIDIdentity {
  return new IdentityRecord(claims, source);
}

/**
 * Like {@link identityFromClaims} for a claim set nobody else holds (the payload jose just decoded): it is
 * frozen in place instead of copied first. @internal
 */
export function identityFromOwnClaims(claims: ZeroIDClaims): ZeroIDIdentity {
  return new IdentityRecord(claims, "jwt", true);
}

/** Builds the {@link AgentSession} of an active introspection result. @internal */
export function sessionFromClaims(claims: ZeroIDClaims): AgentSession {
  return new SessionRecord(claims);
}

class IdentityRecord implements ZeroIDIdentity {
  readonly sub: string;
  readonly iss: string | undefined;
  readonly aud: string[];
  readonly exp: number;
  readonly iat: number | undefined;
  readonly nbf: number | undefined;
  readonly jti: string | undefined;
  readonly account_id: string;
  readonly project_id: string;
  readonly identity_type: Open<IdentityType> | undefined;
  readonly sub_type: Open<SubType> | undefined;
  readonly trust_level: Open<TrustLevel> | undefined;
  readonly scopes: readonly string[];
  readonly delegation_depth: number;
  readonly act: ActorClaim | undefined;
  readonly mission_id: string | undefined;
  readonly owner_user_id: string | undefined;
  readonly external_id: string | undefined;
  readonly name: string | undefined;
  readonly grant_type: string | undefined;
  readonly allowed_tools: readonly string[];
  readonly session_id: string | undefined;
  readonly task_id: string | undefined;
  readonly task_type: string | undefined;
  readonly claims: Readonly<ZeroIDClaims>;
  readonly source: "jwt" | "introspection";

  constructor(claims: ZeroIDClaims, source: "jwt" | "introspection", own = false) {
    this.claims = Object.freeze(own ? claims : { ...claims });
    this.source = source;
    this.sub = str(claims.sub) ?? "";
    this.iss = str(claims.iss);
    this.aud = typeof claims.aud === "string" ? [claims.aud] : strings(claims.aud);
    this.exp = num(claims.exp) ?? 0;
    this.iat = num(claims.iat);
    this.nbf = num(claims.nbf);
    this.jti = str(claims.jti);
    this.account_id = str(claims.account_id) as string;
    this.project_id = str(claims.project_id) as string;
    this.identity_type = str(claims.identity_type) || undefined;
    this.sub_type = str(claims.sub_type) || undefined;
    this.trust_level = str(claims.trust_level) || undefined;
    const scopeArray = strings(claims.scopes);
    this.scopes = Object.freeze(
      scopeArray.length > 0 ? scopeArray : (str(claims.scope) ?? "").split(" ").filter(Boolean),
    );
    this.delegation_depth = num(claims.delegation_depth) ?? 0;
    const act = claims.act;
    this.act = act && typeof act === "object" && typeof act.sub === "string" ? act : undefined;
    this.mission_id = str(claims.mission_id);
    this.owner_user_id = str(claims.owner_user_id);
    this.external_id = str(claims.external_id);
    this.name = str(claims.name);
    this.grant_type = str(claims.grant_type);
    this.allowed_tools = Object.freeze(strings(claims.allowed_tools));
    this.session_id = str(claims.session_id);
    this.task_id = str(claims.task_id);
    this.task_type = str(claims.task_type);
  }

  hasScope(scope: string): boolean {
    return this.scopes.includes(scope);
  }

  requireScope(scope: string): void {
    if (this.hasScope(scope)) return;
    throw new ZeroIDError(`Missing required scope "${scope}"`, {
      code: "insufficient_scope",
      kind: "authorization",
      status: 403,
    });
  }

  hasTool(name: string): boolean {
    return this.allowed_tools.includes(name);
  }

  requireTrust(level: TrustLevel): void {
    const wanted = trustRank(level);
    if (wanted < 0) {
      throw new RequestValidationError(`level must be one of ${TRUST_LEVELS.join(", ")}`, { field: "level" });
    }
    if (trustRank(this.trust_level) >= wanted) return;
    throw new ZeroIDError(`Trust level "${this.trust_level ?? "none"}" is below the required "${level}"`, {
      code: "insufficient_trust",
      kind: "authorization",
      status: 403,
    });
  }

  isDelegated(): boolean {
    return this.delegation_depth > 0 || this.grant_type === "token_exchange";
  }

  delegatedBy(): string | null {
    return this.isDelegated() ? (this.act?.sub ?? null) : null;
  }

  toJSON(): ZeroIDClaims {
    return { ...this.claims };
  }
}

class SessionRecord extends IdentityRecord implements AgentSession {
  readonly active = true as const;

  constructor(claims: ZeroIDClaims) {
    super(claims, "introspection");
  }

  override toJSON(): ZeroIDClaims {
    return { ...this.claims, active: true };
  }
}
