import type { ResponseHeaders } from "../headers.js";
import type { HttpMethod } from "../request-options.js";

/** One attempt as the request loop hands it to a sender. */
export interface OutgoingRequest {
  method: HttpMethod;
  /** `scheme://host[:port]`. */
  origin: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Resolve at response headers with a byte source when the status is 2xx. */
  stream: boolean;
  /** Cap for a 2xx body, bytes. */
  maxBytes: number;
  /** Cap for any other body, bytes; past it the first {@link ERROR_PREFIX_BYTES} are kept. */
  maxErrorBytes: number;
}

/** How much of an over-long error body is kept, bytes. */
export const ERROR_PREFIX_BYTES = 1024;

/** A response as a sender returns it: buffered (capped), or, for a 2xx stream, with its body still open. */
export interface IncomingResponse {
  status: number;
  headers: ResponseHeaders;
  /** The body, decoded as UTF-8 (`""` for streams and for a too-large 2xx body). */
  text: string;
  /** True when an error body passed `maxErrorBytes`: `text` is its prefix and the connection was closed. */
  truncated: boolean;
  /** True when a 2xx body passed `maxBytes`: nothing was kept and the connection was closed. */
  tooLarge: boolean;
  /** The open body of a 2xx stream. */
  body?: ByteSource | undefined;
}

/** The open body of a stream: one chunk at a time, `undefined` at the end. */
export interface ByteSource {
  /** The next chunk; rejects when the connection breaks or {@link ByteSource.close} was called with a reason. */
  next(): Promise<Uint8Array | undefined>;
  /** Stops reading and releases the connection. Idempotent. */
  close(reason?: unknown): void;
}

/**
 * The loop's handle on one in-flight attempt: the loop records why it gave up in `reason` and calls `cancel`,
 * which the sender installs as soon as it can abort the request. `headersReceived` tells a failure while
 * reading the body from one before the response started.
 */
export interface AttemptSlot {
  reason: unknown;
  cancel: ((reason: unknown) => void) | undefined;
  headersReceived: boolean;
}

/** Ends an attempt: records `reason` and aborts the request if the sender already started it. */
export function cancelAttempt(slot: AttemptSlot, reason: unknown): void {
  if (slot.reason !== undefined) return;
  slot.reason = reason;
  slot.cancel?.(reason);
}

/** Something that performs attempts: undici's dispatcher or a fetch function. */
export interface Sender {
  send(request: OutgoingRequest, slot: AttemptSlot): Promise<IncomingResponse>;
  close(): Promise<void>;
}
