import type { ZeroIDCore } from "../core.js";
import type { CAESignal, Identity, Tenant } from "../types.js";
import { compact, isoAt, newId } from "../util.js";

/** Input of {@link recordSignal}. */
export interface SignalInput {
  signal_type: string;
  severity: string;
  source: string;
  identity_id?: string;
  payload?: Record<string, unknown>;
}

/**
 * Records a CAE signal. `high`/`critical` with an identity of the tenant revokes all of that identity's active
 * credentials (with cascade).
 */
export function recordSignal(core: ZeroIDCore, tenant: Tenant, input: SignalInput): CAESignal {
  const at = isoAt(core.now());
  const missionId = input.payload?.mission_id;
  const signal: CAESignal = compact({
    id: newId(),
    account_id: tenant.account_id,
    project_id: tenant.project_id,
    identity_id: input.identity_id,
    signal_type: input.signal_type,
    severity: input.severity,
    source: input.source,
    payload: input.payload,
    processed_at: at,
    created_at: at,
    mission_id: typeof missionId === "string" ? missionId : undefined,
  });
  if ((input.severity === "high" || input.severity === "critical") && input.identity_id) {
    const identity = core.store.getInTenant(core.store.identities, input.identity_id, tenant);
    if (identity)
      core.store.revokeIdentityCredentials(identity.id, `signal ${input.signal_type} (${input.severity})`);
  }
  core.store.signals.push(signal);
  core.changed();
  for (const listener of core.store.signalListeners) listener(signal);
  return signal;
}

/** Deactivates an identity: revokes its credentials (cascade) and keys and emits a `retirement` signal. */
export function deactivateIdentity(core: ZeroIDCore, identity: Identity, by: string | undefined): void {
  identity.status = "deactivated";
  identity.updated_at = isoAt(core.now());
  if (by) identity.modified_by = by;
  core.store.revokeIdentityCredentials(identity.id, "identity deactivated");
  core.store.revokeIdentityKeys(identity.id, "identity deactivated");
  recordSignal(core, identity, {
    signal_type: "retirement",
    severity: "low",
    source: "zeroid",
    identity_id: identity.id,
    payload: { reason: "identity deactivated" },
  });
}
