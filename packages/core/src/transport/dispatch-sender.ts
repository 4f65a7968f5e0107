import { Readable } from "node:stream";
import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";
import { RawResponseHeaders } from "../headers.js";
import type { FetchLike, TransportOptions } from "../transport.js";
import { FetchSender } from "./fetch-sender.js";
import { interceptedFetch, userGlobalDispatcher } from "./interception.js";
import {
  type AttemptSlot,
  type ByteSource,
  ERROR_PREFIX_BYTES,
  type IncomingResponse,
  type OutgoingRequest,
  type Sender,
} from "./types.js";

/** Set when any proxy variable is, in either spelling (undici's `EnvHttpProxyAgent` reads the same ones). */
function proxyFromEnv(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/**
 * Sends attempts with undici's `Dispatcher.dispatch()` and a minimal handler: raw headers parsed only when
 * read, the body collected as buffers (no web streams, no `Response`), streams as a Node `Readable`.
 *
 * Which dispatcher: the `dispatcher` option; else, when a mocking library patched `globalThis.fetch` (msw),
 * that fetch; else a global dispatcher the user installed (`setGlobalDispatcher(mockAgent)`); else this
 * client's own keep-alive `Agent` (an `EnvHttpProxyAgent` when `HTTPS_PROXY`/`HTTP_PROXY` is set).
 */
export class DispatchSender implements Sender {
  readonly #own: Dispatcher | undefined;
  readonly #user: Dispatcher | undefined;
  #fetchFallback: FetchSender | undefined;

  constructor(options: TransportOptions) {
    this.#user = options.dispatcher;
    if (this.#user) return;
    const agentOptions = {
      connections: options.connections ?? 64,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    this.#own = proxyFromEnv() ? new EnvHttpProxyAgent(agentOptions) : new Agent(agentOptions);
  }

  send(request: OutgoingRequest, slot: AttemptSlot): Promise<IncomingResponse> {
    let dispatcher = this.#user;
    if (!dispatcher) {
      const patched = interceptedFetch();
      if (patched) {
        this.#fetchFallback ??= new FetchSender(() => (interceptedFetch() ?? patched) as FetchLike);
        return this.#fetchFallback.send(request, slot);
      }
      dispatcher = userGlobalDispatcher() ?? this.#own!;
    }
    return new Promise((resolve, reject) => {
      const handler = new ResponseHandler(request, slot, resolve, reject);
      try {
        dispatcher.dispatch(
          {
            origin: request.origin,
            path: request.path,
            method: request.method,
            headers: request.headers,
            body: request.body ?? null,
          },
          handler,
        );
      } catch (error) {
        reject(error);
      }
    });
  }

  async close(): Promise<void> {
    await this.#own?.close();
  }
}

/** undici's handler contract (the callback form every dispatcher, `MockAgent` included, supports). */
class ResponseHandler implements Dispatcher.DispatchHandler {
  readonly #request: OutgoingRequest;
  readonly #slot: AttemptSlot;
  readonly #resolve: (response: IncomingResponse) => void;
  readonly #reject: (error: unknown) => void;
  #abort: ((reason: unknown) => void) | undefined;
  #settled = false;
  #status = 0;
  #headers: RawResponseHeaders | undefined;
  #chunks: Buffer[] = [];
  #size = 0;
  #limit = 0;
  #readable: Readable | undefined;
  #resume: (() => void) | undefined;
  #done = false;

  constructor(
    request: OutgoingRequest,
    slot: AttemptSlot,
    resolve: (response: IncomingResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#request = request;
    this.#slot = slot;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort as (reason: unknown) => void;
    this.#slot.cancel = this.#abort;
    if (this.#slot.reason !== undefined) abort(this.#slot.reason as Error);
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (status < 200) return true;
    this.#status = status;
    this.#headers = new RawResponseHeaders(rawHeaders);
    this.#slot.headersReceived = true;
    const ok = status < 300;
    if (ok && this.#request.stream) {
      this.#resume = resume;
      this.#readable = new Readable({
        read: () => this.#resume?.(),
        destroy: (error, callback) => {
          if (!this.#done) this.#abort?.(error ?? new Error("stream closed"));
          callback(error);
        },
      });
      this.#settle({
        status,
        headers: this.#headers,
        text: "",
        truncated: false,
        tooLarge: false,
        body: source(this.#readable),
      });
      return true;
    }
    this.#limit = ok ? this.#request.maxBytes : this.#request.maxErrorBytes;
    if (ok && Number(this.#headers.get("content-length")) > this.#limit) this.#overflow();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#readable) return this.#readable.push(chunk);
    if (this.#settled) return true;
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.#chunks.push(chunk);
      this.#overflow();
      return true;
    }
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.#done = true;
    if (this.#readable) {
      this.#readable.push(null);
      return;
    }
    this.#settle({
      status: this.#status,
      headers: this.#headers!,
      text: this.#text(),
      truncated: false,
      tooLarge: false,
    });
  }

  onError(error: Error): void {
    this.#done = true;
    if (this.#readable) this.#readable.destroy(error);
    else if (!this.#settled && this.#status >= 300) {
      // The status decides what happens next; an error body cut off is kept as far as it arrived.
      this.#settle({
        status: this.#status,
        headers: this.#headers!,
        text: this.#text(),
        truncated: false,
        tooLarge: false,
      });
    } else if (!this.#settled) {
      this.#settled = true;
      this.#reject(error);
    }
  }

  /** Past the cap: keep at most a short prefix of an error body, nothing of a 2xx, and close the socket. */
  #overflow(): void {
    const ok = this.#status < 300;
    const text = ok ? "" : this.#text().slice(0, ERROR_PREFIX_BYTES);
    this.#chunks = [];
    this.#settle({ status: this.#status, headers: this.#headers!, text, truncated: !ok, tooLarge: ok });
    this.#abort?.(new Error("response body over its cap"));
  }

  #text(): string {
    const chunks = this.#chunks;
    if (chunks.length === 0) return "";
    return chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
  }

  #settle(response: IncomingResponse): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(response);
  }
}

function source(readable: Readable): ByteSource {
  // Errors surface through the iterator; without a listener a destroy before iteration would be uncaught.
  readable.on("error", () => {});
  const iterator = readable[Symbol.asyncIterator]();
  return {
    async next() {
      const { done, value } = await iterator.next();
      return done ? undefined : (value as Uint8Array);
    },
    close(reason) {
      readable.destroy(reason === undefined ? undefined : (reason as Error));
    },
  };
}
