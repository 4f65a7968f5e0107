import type { z } from "zod";
import type { ZeroIDCore } from "../core.js";
import type { Identity } from "../types.js";
import { isoAt } from "../util.js";
import { checkPolicyRef, checkPublicKey, checkSubType, type identityPatchSchema } from "./identity-model.js";
import { deactivateIdentity } from "./lifecycle.js";

/** Applies a validated PATCH to an identity (status changes to `deactivated` revoke credentials and keys). */
export async function patchIdentity(
  core: ZeroIDCore,
  identity: Identity,
  patch: z.infer<typeof identityPatchSchema>,
  by: string | undefined,
): Promise<void> {
  if (patch.sub_type !== undefined) checkSubType(identity.identity_type, patch.sub_type);
  await checkPublicKey(patch.public_key_pem);
  checkPolicyRef(core, identity, patch.credential_policy_id || undefined, "credential_policy_id");
  const { status, updated_by, expires_at, credential_policy_id, public_key_pem, ...simple } = patch;
  Object.assign(identity, Object.fromEntries(Object.entries(simple).filter(([, v]) => v !== undefined)));
  if (expires_at === "") delete identity.expires_at;
  else if (expires_at !== undefined) identity.expires_at = expires_at;
  if (credential_policy_id === "") delete identity.credential_policy_id;
  else if (credential_policy_id !== undefined) identity.credential_policy_id = credential_policy_id;
  if (public_key_pem === "") delete identity.public_key_pem;
  else if (public_key_pem !== undefined) identity.public_key_pem = public_key_pem;
  identity.updated_at = isoAt(core.now());
  const modifier = updated_by ?? by;
  if (modifier) identity.modified_by = modifier;
  if (status !== undefined && status !== identity.status) {
    if (status === "deactivated") deactivateIdentity(core, identity, modifier);
    else identity.status = status;
  }
  core.changed();
}
