import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from "jose";
import { verificationError, ZeroIDError } from "../errors/zeroid-error.js";
import { keyError } from "./verify-token.js";

/** Default JWKS cache lifetime: 10 minutes. */
export const DEFAULT_JWKS_MAX_AGE_MS = 600_000;
/** Default minimum interval between refetches triggered by an unknown `kid`: 30 s. */
export const DEFAULT_JWKS_COOLDOWN_MS = 30_000;

/** Options of a {@link JwksCache}. */
export interface JwksCacheOptions {
  /** Fetches the JWKS document (through the SDK transport). */
  fetchJwks: () => Promise<unknown>;
  /** How long a fetched key set is used before it is refetched, ms. Default 600 000 (10 min). */
  maxAgeMs?: number | undefined;
  /** Minimum time between two fetches caused by an unknown `kid`, ms. Default 30 000. */
  cooldownMs?: number | undefined;
  /** Clock in epoch ms, injectable for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
}

interface KeySetState {
  resolve: ReturnType<typeof createLocalJWKSet>;
  fetchedAt: number;
  /**
   * Usable keys already resolved from this set, by `alg` and `kid`: jose picks a key from a compact token's
   * protected header by those two alone, so a hit is the key jose would return again. Bounded by the set's keys
   * times the allowed algorithms, since only a lookup that matched exactly one key is kept.
   */
  resolved: Map<string, KeyResult>;
}

type KeyResult = Awaited<ReturnType<ReturnType<typeof createLocalJWKSet>>>;

/**
 * A JWKS cache over jose's `createLocalJWKSet`, so the key set is fetched through the SDK's own transport.
 * The set is reused for `maxAgeMs`; an unknown `kid` triggers at most one refetch, and no refetch at all
 * within `cooldownMs` of the previous fetch, so forged `kid`s cannot cause refetch storms. Concurrent
 * fetches are merged into one request.
 */
export class JwksCache {
  readonly #fetchJwks: () => Promise<unknown>;
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #state: KeySetState | undefined;
  #inflight: Promise<KeySetState> | undefined;
  #lastFetchAt = Number.NEGATIVE_INFINITY;
  #fetches = 0;

  constructor(options: JwksCacheOptions) {
    this.#fetchJwks = options.fetchJwks;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS;
    this.#cooldownMs = options.cooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Number of JWKS fetches started so far (diagnostics). */
  get fetchCount(): number {
    return this.#fetches;
  }

  /** Drops the cached key set; the next lookup fetches again. */
  clear(): void {
    this.#state = undefined;
  }

  /**
   * {@link getKey} as a function made once, for jose's `jwtVerify`. A key resolved before from the current,
   * fresh set comes back synchronously: no set scan, no promise.
   */
  readonly resolver = (
    header: JWSHeaderParameters,
    token?: FlattenedJWSInput,
  ): KeyResult | Promise<KeyResult> => {
    const state = this.#state;
    if (
      state !== undefined &&
      token?.header === undefined &&
      this.#now() - state.fetchedAt < this.#maxAgeMs
    ) {
      const key = state.resolved.get(cacheKey(header));
      if (key !== undefined) return key;
    }
    return this.getKey(header, token);
  };

  /** Key resolver for jose's `jwtVerify`: finds the key for a token header, refetching per the rules above. */
  async getKey(header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<KeyResult> {
    let state = this.#state;
    let fetchedNow = false;
    if (!state || this.#now() - state.fetchedAt >= this.#maxAgeMs) {
      state = await this.#refresh();
      fetchedNow = true;
    }
    try {
      return remember(state, header, token, usable(await state.resolve(header, token)));
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw resolveError(error);
      const canRefetch = this.#inflight !== undefined || this.#now() - this.#lastFetchAt >= this.#cooldownMs;
      if (fetchedNow || !canRefetch) throw unknownKey(header, error);
    }
    state = await this.#refresh();
    try {
      return remember(state, header, token, usable(await state.resolve(header, token)));
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw unknownKey(header, error);
      throw resolveError(error);
    }
  }

  #refresh(): Promise<KeySetState> {
    this.#inflight ??= this.#load().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #load(): Promise<KeySetState> {
    this.#lastFetchAt = this.#now();
    this.#fetches += 1;
    let document: unknown;
    try {
      document = await this.#fetchJwks();
    } catch (cause) {
      throw new ZeroIDError(`Could not fetch the JWKS: ${(cause as Error)?.message ?? String(cause)}`, {
        code: "jwks_unavailable",
        kind: "verification",
        status: 503,
        cause,
      });
    }
    let resolve: KeySetState["resolve"];
    try {
      resolve = createLocalJWKSet(document as JSONWebKeySet);
    } catch (cause) {
      throw new ZeroIDError("The JWKS document is malformed", {
        code: "jwks_unavailable",
        kind: "verification",
        status: 503,
        cause,
      });
    }
    const state: KeySetState = { resolve, fetchedAt: this.#now(), resolved: new Map() };
    this.#state = state;
    return state;
  }
}

/** The {@link KeySetState.resolved} key of a header: its `alg` and `kid` (absent and string kept apart). */
function cacheKey(header: JWSHeaderParameters): string {
  const kid = header.kid;
  return `${String(header.alg)}\u0000${typeof kid === "string" ? `s${kid}` : typeof kid}`;
}

/** Keeps a key resolved for a compact token's header (no unprotected header) and returns it. */
function remember(
  state: KeySetState,
  header: JWSHeaderParameters,
  token: FlattenedJWSInput | undefined,
  key: KeyResult,
): KeyResult {
  if (token?.header === undefined && typeof header.alg === "string")
    state.resolved.set(cacheKey(header), key);
  return key;
}

/** jose refuses RSA keys under 2048 bits at verification time with a bare TypeError; name the key instead. */
function usable(key: KeyResult): KeyResult {
  const algorithm = (key as { algorithm?: { name?: string; modulusLength?: number } }).algorithm;
  if (algorithm?.name?.startsWith("RSA") && (algorithm.modulusLength ?? 0) < 2048) {
    throw keyError(new Error(`RSA key of ${algorithm.modulusLength ?? 0} bits (at least 2048 required)`));
  }
  return key;
}

/** Several keys match (the caller tries each); anything else is a key that cannot be imported. */
function resolveError(error: unknown): unknown {
  return error instanceof errors.JWKSMultipleMatchingKeys ? error : keyError(error);
}

function unknownKey(header: JWSHeaderParameters, cause: unknown): ZeroIDError {
  const kid = typeof header.kid === "string" ? JSON.stringify(header.kid.slice(0, 64)) : "(none)";
  return verificationError("unknown_key", `No key in the issuer's JWKS matches kid ${kid}`, cause);
}
