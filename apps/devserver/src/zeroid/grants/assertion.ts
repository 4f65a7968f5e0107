import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import type { ZeroIDCore } from "../core.js";
import { invalidGrant } from "../errors.js";
import type { Identity } from "../types.js";
import { parseWimseUri, TRUST_DOMAIN } from "../wimse.js";

/**
 * Verifies a self-signed identity assertion (spec §4.2): ES256 only (checked before any crypto), `iss` = `sub` =
 * the identity's WIMSE URI under this trust domain, `aud` containing the issuer, `exp` required (zero skew), signed
 * by the identity's registered P-256 `public_key_pem`. Returns the identity; failures are 400 `invalid_grant`.
 */
export async function verifyIdentityAssertion(
  core: ZeroIDCore,
  assertion: string,
  what: string,
): Promise<Identity> {
  let alg: unknown;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    alg = decodeProtectedHeader(assertion).alg;
    payload = decodeJwt(assertion);
  } catch {
    throw invalidGrant(`${what} is not a valid JWT`);
  }
  if (alg !== "ES256") throw invalidGrant(`${what} must be signed with ES256`);
  const iss = payload.iss;
  if (typeof iss !== "string") throw invalidGrant(`${what} iss is required`);
  const parts = parseWimseUri(iss);
  if (!parts || parts.trust_domain !== TRUST_DOMAIN)
    throw invalidGrant(`${what} iss is not a WIMSE URI of this server`);
  if (payload.sub !== iss) throw invalidGrant(`${what} sub must equal iss`);
  const identity = core.store.identityByExternalId(parts, parts.external_id);
  if (!identity || identity.identity_type !== parts.identity_type)
    throw invalidGrant(`${what} identity not found`);
  if (!identity.public_key_pem)
    throw invalidGrant(`identity ${identity.external_id} has no registered public key`);
  let key: CryptoKey;
  try {
    key = await importSPKI(identity.public_key_pem, "ES256");
  } catch {
    throw invalidGrant(`identity ${identity.external_id} public key is not a P-256 SPKI PEM`);
  }
  try {
    await jwtVerify(assertion, key, {
      algorithms: ["ES256"],
      issuer: iss,
      subject: iss,
      audience: core.issuer(),
      currentDate: new Date(core.now()),
      clockTolerance: 0,
      requiredClaims: ["exp"],
    });
  } catch (err) {
    throw invalidGrant(`${what} verification failed: ${err instanceof Error ? err.message : "invalid"}`);
  }
  return identity;
}
