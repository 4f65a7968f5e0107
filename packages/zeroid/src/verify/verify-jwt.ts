import type { ZeroIDIdentity } from "../identity/identity.js";
import { createVerifier, type Verifier, type VerifierOptions } from "./verifier.js";

const MAX_CACHED = 16;
const verifiers = new Map<string, Verifier>();

/**
 * One-call verification (the `@highflame/sdk/zeroid` `verifyJWT` export): `verifyJWT(token, jwksUrl, options?)`
 * as in the published 0.3 API, or `verifyJWT(token, { jwksUrl, issuer, … })`. Verifiers, and therefore JWKS
 * caches, are reused per `jwksUrl`/`issuer` (up to 16) unless `fetch`, `transport`, `dispatcher` or `now` is given, so
 * repeated calls do not refetch keys. Prefer {@link createVerifier} in long-lived services.
 */
export async function verifyJWT(
  token: string,
  jwksUrl: string,
  options?: Omit<VerifierOptions, "jwksUrl">,
): Promise<ZeroIDIdentity>;
/** `verifyJWT(token, { jwksUrl, issuer, … })`: the same check with every option in one object. */
export async function verifyJWT(token: string, options: VerifierOptions): Promise<ZeroIDIdentity>;
export async function verifyJWT(
  token: string,
  jwksUrlOrOptions: string | VerifierOptions,
  more?: Omit<VerifierOptions, "jwksUrl">,
): Promise<ZeroIDIdentity> {
  const options: VerifierOptions =
    typeof jwksUrlOrOptions === "string" ? { ...more, jwksUrl: jwksUrlOrOptions } : jwksUrlOrOptions;
  const cacheable = !options.fetch && !options.transport && !options.dispatcher && !options.now;
  const key = `${options.jwksUrl ?? ""}|${options.issuer ?? ""}`;
  let verifier = cacheable ? verifiers.get(key) : undefined;
  if (!verifier) {
    verifier = createVerifier({ ...options, audience: undefined, algorithms: undefined });
    if (cacheable) {
      if (verifiers.size >= MAX_CACHED) {
        const [oldestKey, oldest] = verifiers.entries().next().value as [string, Verifier];
        verifiers.delete(oldestKey);
        void oldest.close();
      }
      verifiers.set(key, verifier);
    }
  }
  try {
    return await verifier.verify(token, {
      audience: options.audience,
      algorithms: options.algorithms,
      clockToleranceSec: options.clockToleranceSec,
      requireTenant: options.requireTenant,
    });
  } finally {
    if (!cacheable) await verifier.close();
  }
}
