import { randomUUID } from "node:crypto";
import { RequestValidationError } from "@highflame/core";
import {
  type CryptoKey,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  type KeyObject,
  SignJWT,
} from "jose";

/** Default lifetime of an actor assertion: 300 s (5 minutes). Assertions are replayable until `exp`. */
export const DEFAULT_ASSERTION_TTL_SECONDS = 300;
/** Longest accepted assertion lifetime: 3600 s. Keep it short; the server does not track `jti`. */
export const MAX_ASSERTION_TTL_SECONDS = 3600;

/** An EC P-256 key pair for an agent: register `publicKeyPem`, keep `privateKey` (or `privateKeyPem`) secret. */
export interface AgentKeyPair {
  /** Private signing key (non-extractable is not required; store `privateKeyPem` if you need persistence). */
  privateKey: CryptoKey;
  /** Public key. */
  publicKey: CryptoKey;
  /** SPKI PEM of the public key: the `public_key_pem` to send when registering the agent. */
  publicKeyPem: string;
  /** PKCS#8 PEM of the private key. Treat as a secret. */
  privateKeyPem: string;
}

/** Generates an ES256 (P-256) key pair and exports the SPKI PEM needed for agent registration. */
export async function generateAgentKeyPair(): Promise<AgentKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return {
    privateKey,
    publicKey,
    publicKeyPem: await exportSPKI(publicKey),
    privateKeyPem: await exportPKCS8(privateKey),
  };
}

/** Options of {@link createActorAssertion}. */
export interface ActorAssertionOptions {
  /** The agent's P-256 private key: a `CryptoKey`, `KeyObject` or PKCS#8 PEM string. */
  privateKey: CryptoKey | KeyObject | string;
  /** The agent's WIMSE URI (`spiffe://…`), used as both `iss` and `sub`. */
  wimseUri: string;
  /** The ZeroID issuer URL (the assertion's `aud`). The client defaults it to its issuer. */
  audience: string;
  /** Lifetime in seconds (1..3600). Default 300. */
  ttlSeconds?: number | undefined;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * Signs the self-signed ES256 assertion ZeroID requires as `actor_token` (token exchange) or `subject`
 * (jwt-bearer grant): header `{alg: "ES256", typ: "JWT"}`, `iss` = `sub` = the WIMSE URI, `aud` = the
 * issuer, `iat`, a short `exp` and a fresh `jti`. The signature is JOSE R‖S (not DER).
 */
export async function createActorAssertion(options: ActorAssertionOptions): Promise<string> {
  const { wimseUri, audience } = options;
  if (typeof wimseUri !== "string" || !wimseUri.startsWith("spiffe://")) {
    throw new RequestValidationError("wimseUri must be a spiffe:// WIMSE URI", { field: "wimseUri" });
  }
  if (typeof audience !== "string" || audience === "") {
    throw new RequestValidationError("audience must be the issuer URL", { field: "audience" });
  }
  const ttl = options.ttlSeconds ?? DEFAULT_ASSERTION_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ASSERTION_TTL_SECONDS) {
    throw new RequestValidationError(`ttlSeconds must be an integer in 1..${MAX_ASSERTION_TTL_SECONDS}`, {
      field: "ttlSeconds",
    });
  }
  const key =
    typeof options.privateKey === "string"
      ? await importPKCS8(options.privateKey, "ES256")
      : options.privateKey;
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", typ: "JWT" })
    .setIssuer(wimseUri)
    .setSubject(wimseUri)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(key);
}
