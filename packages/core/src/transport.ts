import { Agent, fetch as undiciFetch } from "undici";

/** A `fetch`-compatible function: inject one for edge runtimes, proxies or instrumentation. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options of the keep-alive connection pool. */
export interface TransportOptions {
  /** Use this fetch instead of the SDK's undici pool (no pool is created; `close()` is then a no-op). */
  fetch?: FetchLike | undefined;
  /** Max sockets per origin. Default 64. */
  connections?: number | undefined;
  /** How long an idle keep-alive socket is kept, ms. Default 30 000. */
  keepAliveTimeoutMs?: number | undefined;
}

/**
 * One undici `Agent` (keep-alive pool) per client, or a caller's fetch. The agent's own header/body timeouts
 * are disabled so they can never undercut the SDK's per-attempt timeout and deadline, which own all timing.
 */
export class Transport implements AsyncDisposable {
  readonly #agent: Agent | undefined;
  readonly #fetch: FetchLike;
  #closed = false;

  constructor(options: TransportOptions = {}) {
    if (options.fetch) {
      this.#agent = undefined;
      this.#fetch = options.fetch;
      return;
    }
    const agent = new Agent({
      connections: options.connections ?? 64,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.#agent = agent;
    this.#fetch = (input, init) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one HTTP request. */
  fetch(input: string, init: RequestInit): Promise<Response> {
    return this.#fetch(input, init);
  }

  /** Closes pooled sockets after in-flight requests finish. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent?.close();
  }

  /** Same as {@link Transport.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
