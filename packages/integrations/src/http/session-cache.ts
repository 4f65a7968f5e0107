import { createHash } from "node:crypto";
import { ConfigurationError } from "@highflame/core";
import type { ZeroIDIdentity } from "@highflame/zeroid";

/** Size and lifetime of the introspection answer cache. */
export interface SessionCacheOptions {
  /** Most answers kept; the least recently used is dropped first. Default 1 000. */
  maxEntries?: number | undefined;
  /** How long an answer (active or not) is reused, ms; never past the token's `exp`. Default 5 000. */
  ttlMs?: number | undefined;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Default {@link SessionCacheOptions.maxEntries}: 1 000. */
export const DEFAULT_SESSION_CACHE_ENTRIES = 1_000;
/** Default {@link SessionCacheOptions.ttlMs}: 5 s. */
export const DEFAULT_SESSION_CACHE_TTL_MS = 5_000;

type Answer = { ok: true; identity: ZeroIDIdentity } | { ok: false; error: unknown };

interface Entry {
  answer: Answer;
  expiresAt: number;
}

/**
 * A size- and TTL-bounded cache of `session()` answers keyed by the SHA-256 of the token (tokens themselves are
 * never kept). Concurrent lookups of one token share one introspection call. Inactive answers are cached too:
 * a revoked or expired token never becomes active again. Failures such as an unreachable server are not cached.
 */
export class SessionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Answer>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #calls = 0;

  constructor(options: SessionCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? DEFAULT_SESSION_CACHE_ENTRIES;
    this.#ttlMs = options.ttlMs ?? DEFAULT_SESSION_CACHE_TTL_MS;
    this.#now = options.now ?? Date.now;
    if (!Number.isInteger(this.#maxEntries) || this.#maxEntries < 0) {
      throw new ConfigurationError("sessionCache.maxEntries must be a non-negative integer", {
        option: "sessionCache.maxEntries",
      });
    }
    if (!Number.isFinite(this.#ttlMs) || this.#ttlMs < 0) {
      throw new ConfigurationError("sessionCache.ttlMs must be a non-negative number of ms", {
        option: "sessionCache.ttlMs",
      });
    }
  }

  /** Number of answers held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Number of introspection calls made through this cache (diagnostics). */
  get calls(): number {
    return this.#calls;
  }

  /**
   * The answer for `token`: cached when fresh, else from `load` (shared with concurrent callers). Resolves to
   * the identity or rejects with `load`'s error.
   */
  async get(
    token: string,
    load: (token: string) => Promise<ZeroIDIdentity>,
    isFinal: (error: unknown) => boolean,
  ): Promise<ZeroIDIdentity> {
    const key = createHash("sha256").update(token).digest("base64url");
    const entry = this.#entries.get(key);
    if (entry) {
      if (entry.expiresAt > this.#now()) {
        this.#entries.delete(key); // refresh its LRU position
        this.#entries.set(key, entry);
        return unwrap(entry.answer);
      }
      this.#entries.delete(key);
    }
    let pending = this.#inflight.get(key);
    if (!pending) {
      this.#calls += 1;
      pending = load(token).then(
        (identity): Answer => ({ ok: true, identity }),
        (error: unknown): Answer => ({ ok: false, error }),
      );
      this.#inflight.set(key, pending);
      void pending.then((answer) => {
        this.#inflight.delete(key);
        if (answer.ok || isFinal(answer.error)) this.#store(key, answer);
      });
    }
    return unwrap(await pending);
  }

  /** Drops every answer. */
  clear(): void {
    this.#entries.clear();
  }

  #store(key: string, answer: Answer): void {
    if (this.#maxEntries === 0 || this.#ttlMs === 0) return;
    let expiresAt = this.#now() + this.#ttlMs;
    if (answer.ok && answer.identity.exp !== undefined)
      expiresAt = Math.min(expiresAt, answer.identity.exp * 1000);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { answer, expiresAt });
  }
}

function unwrap(answer: Answer): ZeroIDIdentity {
  if (answer.ok) return answer.identity;
  throw answer.error;
}
