import type {
  ApiKeyRecord,
  CAESignal,
  CredentialPolicy,
  Identity,
  IssuedCredential,
  OAuthClientRecord,
  Tenant,
} from "./types.js";
import { isoAt, newId } from "./util.js";

/** Serialised store contents (see {@link Store.export}). */
export interface StoreState {
  identities: Identity[];
  apiKeys: ApiKeyRecord[];
  clients: OAuthClientRecord[];
  policies: CredentialPolicy[];
  credentials: IssuedCredential[];
  signals: CAESignal[];
}

/** Default credential policy limits for every tenant (spec §9.5). */
export const DEFAULT_POLICY = {
  name: "default",
  max_ttl_seconds: 3600,
  allowed_grant_types: ["client_credentials", "api_key", "jwt_bearer", "token_exchange"],
  max_delegation_depth: 5,
} as const;

function sameTenant(a: Tenant, b: Tenant): boolean {
  return a.account_id === b.account_id && a.project_id === b.project_id;
}

/** In-memory storage of every ZeroID resource, keyed by id. */
export class Store {
  readonly identities = new Map<string, Identity>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly clients = new Map<string, OAuthClientRecord>();
  readonly policies = new Map<string, CredentialPolicy>();
  readonly credentials = new Map<string, IssuedCredential>();
  readonly credentialsByJti = new Map<string, IssuedCredential>();
  readonly signals: CAESignal[] = [];
  /** Live signal subscribers (SSE streams); not persisted. */
  readonly signalListeners = new Set<(signal: CAESignal) => void>();
  /** Proof-token jtis already verified, and nonces already used (single use). */
  readonly usedProofs = new Set<string>();
  readonly usedNonces = new Set<string>();

  constructor(
    private readonly now: () => number,
    state?: StoreState,
  ) {
    if (state) this.load(state);
  }

  private load(state: StoreState): void {
    for (const i of state.identities ?? []) this.identities.set(i.id, i);
    for (const k of state.apiKeys ?? []) this.apiKeys.set(k.id, k);
    for (const c of state.clients ?? []) this.clients.set(c.id, c);
    for (const p of state.policies ?? []) this.policies.set(p.id, p);
    for (const c of state.credentials ?? []) this.addCredential(c);
    this.signals.push(...(state.signals ?? []));
  }

  /** Plain JSON copy of everything. */
  export(): StoreState {
    return structuredClone({
      identities: [...this.identities.values()],
      apiKeys: [...this.apiKeys.values()],
      clients: [...this.clients.values()],
      policies: [...this.policies.values()],
      credentials: [...this.credentials.values()],
      signals: this.signals,
    });
  }

  /** Values of a map that belong to the tenant. */
  inTenant<T extends Tenant>(map: Map<string, T>, tenant: Tenant): T[] {
    return [...map.values()].filter((v) => sameTenant(v, tenant));
  }

  /** A tenant-scoped record by id, or undefined (other tenants' records are invisible). */
  getInTenant<T extends Tenant>(map: Map<string, T>, id: string, tenant: Tenant): T | undefined {
    const v = map.get(id);
    return v && sameTenant(v, tenant) ? v : undefined;
  }

  /** The tenant's default credential policy, created on first use. */
  defaultPolicy(tenant: Tenant): CredentialPolicy {
    const existing = this.inTenant(this.policies, tenant).find((p) => p.is_default);
    if (existing) return existing;
    const at = isoAt(this.now());
    const policy: CredentialPolicy = {
      id: newId(),
      account_id: tenant.account_id,
      project_id: tenant.project_id,
      name: DEFAULT_POLICY.name,
      description: "Tenant default credential policy",
      max_ttl_seconds: DEFAULT_POLICY.max_ttl_seconds,
      allowed_grant_types: [...DEFAULT_POLICY.allowed_grant_types],
      max_delegation_depth: DEFAULT_POLICY.max_delegation_depth,
      is_active: true,
      is_default: true,
      created_at: at,
      updated_at: at,
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  /** The policy governing an identity: its own (when set and present) or the tenant default. */
  policyForIdentity(identity: Identity | undefined, tenant: Tenant): CredentialPolicy {
    const id = identity?.credential_policy_id;
    const own = id ? this.getInTenant(this.policies, id, tenant) : undefined;
    return own ?? this.defaultPolicy(tenant);
  }

  /** Identity with the given external_id in the tenant. */
  identityByExternalId(tenant: Tenant, externalId: string): Identity | undefined {
    return this.inTenant(this.identities, tenant).find((i) => i.external_id === externalId);
  }

  /** API key record by the hash of its secret. */
  apiKeyByHash(hash: string): ApiKeyRecord | undefined {
    for (const k of this.apiKeys.values()) if (k.key_hash === hash) return k;
    return undefined;
  }

  /** OAuth client by its public `client_id`. */
  clientByClientId(clientId: string): OAuthClientRecord | undefined {
    for (const c of this.clients.values()) if (c.client_id === clientId) return c;
    return undefined;
  }

  /** Records an issued credential. */
  addCredential(credential: IssuedCredential): void {
    this.credentials.set(credential.id, credential);
    this.credentialsByJti.set(credential.jti, credential);
  }

  /**
   * Revokes the credential with this jti and, transitively, every credential whose `parent_jti` chain leads to it.
   * Returns how many records changed.
   */
  revokeCascade(jti: string, reason: string): number {
    let changed = 0;
    const at = isoAt(this.now());
    const queue = [jti];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      const cred = this.credentialsByJti.get(current);
      if (cred && !cred.is_revoked) {
        cred.is_revoked = true;
        cred.revoked_at = at;
        cred.revoke_reason = reason;
        changed++;
      }
      for (const child of this.credentials.values()) if (child.parent_jti === current) queue.push(child.jti);
    }
    return changed;
  }

  /** Revokes every active credential of an identity (with cascade). */
  revokeIdentityCredentials(identityId: string, reason: string): number {
    let changed = 0;
    for (const cred of [...this.credentials.values()]) {
      if (cred.identity_id === identityId && !cred.is_revoked)
        changed += this.revokeCascade(cred.jti, reason);
    }
    return changed;
  }

  /** Revokes every active API key bound to an identity. */
  revokeIdentityKeys(identityId: string, reason: string): number {
    let changed = 0;
    const at = isoAt(this.now());
    for (const key of this.apiKeys.values()) {
      if (key.identity_id === identityId && !key.revoked_at) {
        key.revoked_at = at;
        key.revoke_reason = reason;
        changed++;
      }
    }
    return changed;
  }
}
