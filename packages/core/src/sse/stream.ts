import { APIConnectionTimeoutError, APIUserAbortError, StreamError } from "../errors/client-errors.js";
import type { ResponseHeaders } from "../headers.js";
import type { ByteSource } from "../transport/types.js";
import { type ServerSentEvent, SSEDecoder } from "./decoder.js";

/** Status and headers of a streaming response. */
export interface StreamResponseInfo {
  /** HTTP status (2xx). */
  status: number;
  /** Response headers. */
  headers: ResponseHeaders;
}

/** Options of {@link SSEStream}; the request loop fills them in from the call's options. */
export interface SSEStreamOptions {
  /** Longest line accepted, characters. Default {@link DEFAULT_MAX_LINE_LENGTH}. */
  maxLineLength?: number | undefined;
  /** The caller's signal: aborting it ends the stream with {@link APIUserAbortError}. */
  signal?: AbortSignal | undefined;
  /** Longest wait for the next event, ms (comments do not count as events). Default: none. */
  idleTimeout?: number | undefined;
  /** Epoch ms at which the whole call ends (the `deadline` option). Default: none. */
  deadlineAt?: number | undefined;
  /** Called once when the stream is finished with (ended, broken out of, failed or aborted). */
  onClose?: (() => void) | undefined;
}

const IDLE = Symbol("idle");
const DEADLINE = Symbol("deadline");
const USER = Symbol("user");

/**
 * An open event stream. Iterate it once with `for await`; breaking out of the loop (or calling
 * {@link SSEStream.abort}) aborts the underlying request and releases the connection. The call's `timeout`
 * bounds the wait between two events and its `deadline` the whole call, both ending iteration with
 * {@link APIConnectionTimeoutError}.
 */
export class SSEStream implements AsyncIterable<ServerSentEvent> {
  /** `x-request-id` of the response. */
  readonly requestId: string | undefined;
  /** Response status and headers. */
  readonly response: StreamResponseInfo;
  readonly #source: ByteSource;
  readonly #options: SSEStreamOptions;
  #consumed = false;
  #closed = false;
  #stopped: symbol | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the stream started waiting for the next event; `undefined` while the caller holds one. */
  #idleSince: number | undefined = Date.now();
  readonly #onUserAbort = () => this.#stop(USER);

  constructor(source: ByteSource, response: StreamResponseInfo, options: SSEStreamOptions = {}) {
    this.#source = source;
    this.response = response;
    this.requestId = response.headers.get("x-request-id") ?? undefined;
    this.#options = options;
    options.signal?.addEventListener("abort", this.#onUserAbort, { once: true });
    this.#arm();
  }

  /** Aborts the request; an ongoing iteration ends with {@link APIUserAbortError}. */
  abort(): void {
    this.#stop(USER);
  }

  /** Yields each event as it arrives; throws {@link StreamError} if the stream breaks or ends mid-event. */
  async *[Symbol.asyncIterator](): AsyncIterator<ServerSentEvent> {
    if (this.#consumed) throw new StreamError("an event stream can be iterated only once", this.#ids());
    this.#consumed = true;
    const max = this.#options.maxLineLength;
    const decoder = new SSEDecoder(max === undefined ? {} : { maxLineLength: max });
    const textDecoder = new TextDecoder();
    let finished = false;
    try {
      for (;;) {
        this.#throwIfStopped();
        let chunk: Uint8Array | undefined;
        try {
          chunk = await this.#source.next();
        } catch (cause) {
          this.#throwIfStopped(cause);
          throw new StreamError("event stream was interrupted", { ...this.#ids(), cause });
        }
        this.#throwIfStopped();
        if (chunk === undefined) {
          for (const event of this.#push(decoder, textDecoder.decode())) yield event;
          try {
            decoder.end();
          } catch (error) {
            throw new StreamError((error as Error).message, this.#ids());
          }
          finished = true;
          return;
        }
        const events = this.#push(decoder, textDecoder.decode(chunk, { stream: true }));
        if (events.length === 0) continue;
        // Time the caller spends on an event is not server idle time.
        this.#idleSince = undefined;
        for (const event of events) yield event;
        this.#idleSince = Date.now();
        if (this.#timer === undefined) this.#arm();
      }
    } finally {
      if (!finished) this.#source.close(new APIUserAbortError("Stream iteration stopped early."));
      this.#close();
    }
  }

  /**
   * Arms the one timer of the stream for the nearer of the idle limit and the deadline; when it fires it
   * re-checks (the limits may have moved) and either ends the stream or re-arms.
   */
  #arm(): void {
    const { idleTimeout, deadlineAt } = this.#options;
    if (this.#closed || (idleTimeout === undefined && deadlineAt === undefined)) return;
    const now = Date.now();
    this.#timer = undefined;
    const idleSince = this.#idleSince;
    const idleLeft =
      idleTimeout === undefined || idleSince === undefined ? Infinity : idleSince + idleTimeout - now;
    const deadlineLeft = deadlineAt === undefined ? Infinity : deadlineAt - now;
    if (deadlineLeft <= 0 || idleLeft <= 0) {
      this.#stop(deadlineLeft <= 0 ? DEADLINE : IDLE);
      return;
    }
    const wait = Math.min(idleLeft, deadlineLeft);
    if (wait === Infinity) return;
    this.#timer = setTimeout(() => this.#arm(), wait);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #stop(why: symbol): void {
    if (this.#stopped !== undefined || this.#closed) return;
    this.#stopped = why;
    this.#source.close(this.#stopError());
    this.#close();
  }

  #stopError(cause?: unknown): Error {
    const options = cause === undefined ? {} : { cause };
    if (this.#stopped === IDLE) {
      return new APIConnectionTimeoutError(
        `No event for ${this.#options.idleTimeout} ms on the event stream (timeout).`,
        options,
      );
    }
    if (this.#stopped === DEADLINE) {
      return new APIConnectionTimeoutError("Deadline exceeded while reading the event stream.", options);
    }
    return new APIUserAbortError("Stream was aborted.", options);
  }

  #throwIfStopped(cause?: unknown): void {
    if (this.#stopped !== undefined) throw this.#stopError(cause);
    if (this.#options.signal?.aborted) {
      this.#stopped = USER;
      throw this.#stopError(cause);
    }
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#options.signal?.removeEventListener("abort", this.#onUserAbort);
    this.#options.onClose?.();
  }

  /** Feeds the decoder; its errors (line too long) are re-raised with this response's request id. */
  #push(decoder: SSEDecoder, text: string): ServerSentEvent[] {
    try {
      return decoder.push(text);
    } catch (error) {
      throw new StreamError((error as Error).message, { ...this.#ids(), cause: error });
    }
  }

  #ids(): { requestId: string | undefined } {
    return { requestId: this.requestId };
  }
}
