import { APIUserAbortError, StreamError } from "../errors/client-errors.js";
import { type ServerSentEvent, SSEDecoder } from "./decoder.js";

/**
 * An open event stream. Iterate it once with `for await`; breaking out of the loop (or calling
 * {@link SSEStream.abort}) aborts the underlying request and releases the connection.
 */
export class SSEStream implements AsyncIterable<ServerSentEvent> {
  /** `x-request-id` of the response. */
  readonly requestId: string | undefined;
  /** Response status and headers. */
  readonly response: Response;
  readonly #controller: AbortController;
  readonly #maxLineLength: number | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onClose: (() => void) | undefined;
  #consumed = false;

  constructor(
    response: Response,
    controller: AbortController,
    options: { maxLineLength?: number; signal?: AbortSignal | undefined; onClose?: () => void } = {},
  ) {
    this.response = response;
    this.requestId = response.headers.get("x-request-id") ?? undefined;
    this.#controller = controller;
    this.#maxLineLength = options.maxLineLength;
    this.#userSignal = options.signal;
    this.#onClose = options.onClose;
  }

  /** Aborts the request; an ongoing iteration ends with {@link APIUserAbortError}. */
  abort(): void {
    this.#controller.abort(new APIUserAbortError());
  }

  /** Yields each event as it arrives; throws {@link StreamError} if the stream breaks or ends mid-event. */
  async *[Symbol.asyncIterator](): AsyncIterator<ServerSentEvent> {
    if (this.#consumed) throw new StreamError("an event stream can be iterated only once", this.#ids());
    this.#consumed = true;
    const body = this.response.body;
    if (!body) throw new StreamError("response has no body", this.#ids());
    const decoder = new SSEDecoder(
      this.#maxLineLength === undefined ? {} : { maxLineLength: this.#maxLineLength },
    );
    const textDecoder = new TextDecoder();
    const reader = body.getReader();
    let finished = false;
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (cause) {
          if (this.#userSignal?.aborted || this.#controller.signal.reason instanceof APIUserAbortError) {
            throw new APIUserAbortError("Stream was aborted.", { cause });
          }
          throw new StreamError("event stream was interrupted", { ...this.#ids(), cause });
        }
        if (chunk.done) {
          const rest = textDecoder.decode();
          for (const event of this.#push(decoder, rest)) yield event;
          try {
            decoder.end();
          } catch (error) {
            throw new StreamError((error as Error).message, this.#ids());
          }
          finished = true;
          return;
        }
        for (const event of this.#push(decoder, textDecoder.decode(chunk.value, { stream: true })))
          yield event;
      }
    } finally {
      if (!finished) {
        this.#controller.abort(new APIUserAbortError("Stream iteration stopped early."));
        await reader.cancel().catch(() => {});
      }
      reader.releaseLock();
      this.#onClose?.();
    }
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
