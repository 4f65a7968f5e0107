import type { ResponseHeaders } from "../headers.js";
import type { FetchLike } from "../transport.js";
import {
  type AttemptSlot,
  type ByteSource,
  ERROR_PREFIX_BYTES,
  type IncomingResponse,
  type OutgoingRequest,
  type Sender,
} from "./types.js";

/**
 * Sends attempts through a `fetch` function (the `fetch` option, the fetch-only build, or a global `fetch`
 * patched by a mocking library). Redirects are never followed by fetch itself (`redirect: "manual"`); the
 * loop decides. An opaque redirect (browsers) is reported as status 0.
 */
export class FetchSender implements Sender {
  readonly #fetch: () => FetchLike;

  /** `fetch` is looked up on every call, so a function that swaps in a patched global works. */
  constructor(fetch: () => FetchLike) {
    this.#fetch = fetch;
  }

  async send(request: OutgoingRequest, slot: AttemptSlot): Promise<IncomingResponse> {
    const controller = new AbortController();
    slot.cancel = (reason) => controller.abort(reason);
    if (slot.reason !== undefined) controller.abort(slot.reason);
    const response = await this.#fetch()(request.origin + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      redirect: "manual",
    } as RequestInit);
    slot.headersReceived = true;
    const status = response.type === "opaqueredirect" ? 0 : response.status;
    const headers = response.headers as ResponseHeaders;
    const ok = status >= 200 && status < 300;
    if (ok && request.stream) {
      return {
        status,
        headers,
        text: "",
        truncated: false,
        tooLarge: false,
        body: webSource(response, controller),
      };
    }
    const limit = ok ? request.maxBytes : request.maxErrorBytes;
    const read = await readCapped(response, limit, ok ? 0 : ERROR_PREFIX_BYTES);
    if (read.over) controller.abort(new Error("response body over its cap"));
    return { status, headers, text: read.text, truncated: read.over && !ok, tooLarge: read.over && ok };
  }

  async close(): Promise<void> {}
}

async function readCapped(
  response: Response,
  limit: number,
  keepOnOverflow: number,
): Promise<{ text: string; over: boolean }> {
  const body = response.body;
  if (!body) return { text: "", over: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (error) {
      // An error body cut off is kept as far as it arrived (the status decides); a 2xx one fails the attempt.
      if (keepOnOverflow === 0) throw error;
      return { text: decode(chunks, size), over: false };
    }
    const { done, value } = step;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { text: decode(chunks, size - value.byteLength, value).slice(0, keepOnOverflow), over: true };
    }
    chunks.push(value);
  }
  return { text: decode(chunks, size), over: false };
}

function decode(chunks: Uint8Array[], size: number, extra?: Uint8Array): string {
  const all = new Uint8Array(size + (extra?.byteLength ?? 0));
  let offset = 0;
  for (const chunk of extra ? [...chunks, extra] : chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function webSource(response: Response, controller: AbortController): ByteSource {
  const reader = response.body?.getReader();
  let closed = false;
  return {
    async next() {
      if (!reader || closed) return undefined;
      const { done, value } = await reader.read();
      return done ? undefined : value;
    },
    close(reason) {
      if (closed) return;
      closed = true;
      controller.abort(reason ?? new Error("stream closed"));
      reader?.cancel(reason).catch(() => {});
    },
  };
}
