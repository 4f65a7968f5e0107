import { parseResponse, type ServerSentEvent, type SSEStream, StreamError } from "@highflame/core";
import {
  type DetectorResult,
  DetectorResultSchema,
  type GuardResponse,
  GuardResponseSchema,
} from "../wire/guard-response.js";
import { type StreamErrorEvent, StreamErrorEventSchema } from "../wire/other-responses.js";
import { normalizeGuardResponse } from "../wire-extras.js";

/** One detector finished (`detector_result`, or `detection` in the older vocabulary). */
export interface DetectorResultStreamEvent {
  type: "detector_result";
  data: DetectorResult;
  raw: ServerSentEvent;
}
/** The final decision. */
export interface DecisionStreamEvent {
  type: "decision";
  data: GuardResponse;
  raw: ServerSentEvent;
}
/** The server reported an error; iteration throws a `StreamError` right after yielding this event. */
export interface ErrorStreamEvent {
  type: "error";
  data: StreamErrorEvent;
  raw: ServerSentEvent;
}
/** An event name this SDK does not know, passed through (`data` is parsed JSON, or the raw text). */
export interface RawStreamEvent {
  type: "raw";
  /** The event name as sent. */
  event: string;
  data: unknown;
  raw: ServerSentEvent;
}

/** A typed event of `guard.stream()`. */
export type GuardStreamEvent =
  | DetectorResultStreamEvent
  | DecisionStreamEvent
  | ErrorStreamEvent
  | RawStreamEvent;

/**
 * `guard.stream()` result. Iterate it once with `for await`:
 * - `detector_result` and `detection` both arrive as `{type: "detector_result"}`;
 * - `decision` arrives as `{type: "decision"}` (`policy_reason` filled from `reason`);
 * - `done` ends the iteration (so does the server closing the connection);
 * - `error` is yielded as `{type: "error"}` and iteration then **throws** a `StreamError` carrying the message;
 * - any other event is yielded as `{type: "raw", event, data}`.
 *
 * A stream cut off mid-event throws `StreamError`. Breaking out of the loop closes the connection.
 */
export class GuardStream implements AsyncIterable<GuardStreamEvent> {
  readonly #sse: SSEStream;
  #decision: GuardResponse | undefined;

  constructor(sse: SSEStream) {
    this.#sse = sse;
  }

  /** `x-request-id` of the streaming response. */
  get requestId(): string | undefined {
    return this.#sse.requestId;
  }

  /** Closes the stream. */
  abort(): void {
    this.#sse.abort();
  }

  /**
   * Consumes the rest of the stream and returns the final decision. Throws `StreamError` when the stream ends
   * without one.
   */
  async finalDecision(): Promise<GuardResponse> {
    for await (const _event of this) {
      // drain
    }
    if (!this.#decision)
      throw new StreamError("stream ended without a decision", { requestId: this.requestId });
    return this.#decision;
  }

  /** Yields normalised events; `done` ends iteration, an `error` event is yielded and then thrown as `StreamError`. */
  async *[Symbol.asyncIterator](): AsyncIterator<GuardStreamEvent> {
    const context = { requestId: this.requestId, what: "stream event" };
    for await (const raw of this.#sse) {
      const name = raw.event;
      if (name === "done") return;
      const data = parseData(raw, this.requestId);
      if (name === "detector_result" || name === "detection") {
        yield { type: "detector_result", data: parseResponse(DetectorResultSchema, data, context), raw };
      } else if (name === "decision") {
        const decision = normalizeGuardResponse(parseResponse(GuardResponseSchema, data, context));
        this.#decision = decision;
        yield { type: "decision", data: decision, raw };
      } else if (name === "error") {
        const parsed = StreamErrorEventSchema.safeParse(data);
        const error: StreamErrorEvent = parsed.success ? parsed.data : { message: String(data) };
        yield { type: "error", data: error, raw };
        const text = error.detail ?? error.message ?? error.title ?? "unknown error";
        throw new StreamError(`Shield stream reported an error: ${text}`, { requestId: this.requestId });
      } else {
        yield { type: "raw", event: name, data, raw };
      }
    }
  }
}

function parseData(raw: ServerSentEvent, requestId: string | undefined): unknown {
  if (raw.data === "") return undefined;
  try {
    return JSON.parse(raw.data);
  } catch (cause) {
    if (raw.event === "detector_result" || raw.event === "detection" || raw.event === "decision") {
      throw new StreamError(`"${raw.event}" event data is not valid JSON`, { requestId, cause });
    }
    return raw.data;
  }
}
