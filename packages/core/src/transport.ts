import type { Dispatcher } from "undici";
import { ConfigurationError } from "./errors/client-errors.js";
import { currentPlatform } from "./platform.js";
import { FetchSender } from "./transport/fetch-sender.js";
import type { AttemptSlot, IncomingResponse, OutgoingRequest, Sender } from "./transport/types.js";

/** The options that each decide where requests go; at most one of them may be set. */
export interface TransportChoice {
  /** A shared transport (see {@link Transport}). */
  transport?: Transport | undefined;
  /** An undici dispatcher (see {@link TransportOptions.dispatcher}). */
  dispatcher?: Dispatcher | undefined;
  /** A fetch function (see {@link TransportOptions.fetch}). */
  fetch?: FetchLike | undefined;
}

const CHOICES = ["transport", "dispatcher", "fetch"] as const;

/**
 * Throws `ConfigurationError` naming both options when more than one of `transport`, `dispatcher` and `fetch`
 * is set: each one alone decides where every request goes, so the SDK never picks one silently. The error's
 * `option` is the second of the two in that order (`dispatcher` for transport + dispatcher, `fetch` otherwise).
 * Clients call it at construction, before any pool is created.
 */
export function checkTransportChoice(options: TransportChoice): void {
  const set = CHOICES.filter((name) => options[name] !== undefined && options[name] !== null);
  if (set.length < 2) return;
  const [first, second] = set as [string, string];
  const why =
    first === "transport"
      ? `a shared transport already decides where requests go; pass ${second} to the client that creates the transport`
      : "pass one of them (a fetch cannot send through an undici dispatcher)";
  throw new ConfigurationError(`The ${first} and ${second} options cannot be used together: ${why}.`, {
    option: second,
  });
}

/** A `fetch`-compatible function: inject one for edge runtimes or instrumentation. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options of the connection pool. */
export interface TransportOptions {
  /**
   * Send every request through this fetch instead of undici's dispatcher (no pool is created; `close()` is then
   * a no-op). Costs a `Request`/`Response` per call: use it only where a fetch is the only way out (edge
   * runtimes, fetch-based instrumentation). Default: none.
   */
  fetch?: FetchLike | undefined;
  /**
   * Send every request through this undici dispatcher: a `ProxyAgent`, `EnvHttpProxyAgent`, `MockAgent`, or an
   * `Agent` with interceptors (`agent.compose(...)`). The SDK does not close it. Node build only. Default: a
   * keep-alive `Agent` owned by the transport.
   */
  dispatcher?: Dispatcher | undefined;
  /** Max sockets per origin of the SDK's own pool. Default 64. */
  connections?: number | undefined;
  /** How long an idle keep-alive socket is kept, ms. Default 30 000. */
  keepAliveTimeoutMs?: number | undefined;
}

/**
 * One keep-alive pool (undici `Agent`) per client, a user's dispatcher, or a user's fetch. The pool's own
 * header/body timeouts are disabled so they can never undercut the SDK's per-attempt timeout and deadline,
 * which own all timing. Redirects are never followed here: the request loop decides.
 */
export class Transport implements AsyncDisposable {
  readonly #sender: Sender;
  #closed = false;

  /** Throws `ConfigurationError` when both `fetch` and `dispatcher` are set (see {@link checkTransportChoice}). */
  constructor(options: TransportOptions = {}) {
    checkTransportChoice(options);
    const fetch = options.fetch;
    this.#sender = fetch ? new FetchSender(() => fetch) : currentPlatform().createSender(options);
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** @internal Sends one attempt (used by the request loop). */
  send(request: OutgoingRequest, slot: AttemptSlot): Promise<IncomingResponse> {
    return this.#sender.send(request, slot);
  }

  /** Closes pooled sockets after in-flight requests finish. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sender.close();
  }

  /** Same as {@link Transport.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
