import { StreamError } from "../errors/client-errors.js";

/** One dispatched server-sent event. */
export interface ServerSentEvent {
  /** Event name; `message` when the server sent no `event:` field. */
  event: string;
  /** Data lines joined with `\n`. */
  data: string;
  /** Last event id seen on the stream (persists across events, per the HTML spec). */
  id: string | undefined;
  /** Reconnection time requested by the server, ms, when this event carried `retry:`. */
  retry: number | undefined;
}

/** Longest line accepted, in characters (1 MiB). Longer lines raise {@link StreamError}. */
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

/** Largest event accepted (its `data` lines together), in characters (8 MiB). Larger raises {@link StreamError}. */
export const DEFAULT_MAX_EVENT_SIZE = 8 * 1024 * 1024;

/**
 * Incremental `text/event-stream` parser (WHATWG HTML §9.2): LF, CR and CRLF line endings, including a CRLF
 * split across two chunks; comments; multi-line `data`; `id` (ignored when it contains NUL) and `retry`.
 */
export class SSEDecoder {
  readonly #maxLineLength: number;
  readonly #maxEventSize: number;
  #dataSize = 0;
  #buffer = "";
  #pendingCR = false;
  #event = "";
  #data: string[] = [];
  #hasData = false;
  #sawField = false;
  #retry: number | undefined;
  #lastId: string | undefined;

  /**
   * @param options - `maxLineLength` (characters, default {@link DEFAULT_MAX_LINE_LENGTH}) and `maxEventSize`
   *   (characters of one event's data, default {@link DEFAULT_MAX_EVENT_SIZE}): what a server can make the
   *   decoder hold is bounded by both.
   */
  constructor(options: { maxLineLength?: number; maxEventSize?: number } = {}) {
    this.#maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.#maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  }

  /** Feeds decoded text; returns the events completed by it. */
  push(chunk: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let text = chunk;
    // An empty chunk (e.g. a multi-byte character still incomplete) must not forget a CR awaiting its LF.
    if (this.#pendingCR && text.length > 0) {
      this.#pendingCR = false;
      if (text.startsWith("\n")) text = text.slice(1);
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      const line = this.#buffer + text.slice(start, i);
      this.#buffer = "";
      if (ch === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.#pendingCR = true;
        }
      }
      start = i + 1;
      const event = this.#line(line);
      if (event) events.push(event);
    }
    this.#buffer += text.slice(start);
    if (this.#buffer.length > this.#maxLineLength) {
      throw new StreamError(`event-stream line exceeds ${this.#maxLineLength} characters`);
    }
    return events;
  }

  /** True when a partial line or an undispatched event is buffered. */
  get hasPartialEvent(): boolean {
    return this.#buffer.length > 0 || this.#sawField;
  }

  /** Declares the end of input. Throws {@link StreamError} if the stream stopped mid-event. */
  end(): void {
    if (this.hasPartialEvent) {
      throw new StreamError("event stream ended in the middle of an event");
    }
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === "") return this.#dispatch();
    if (line.length > this.#maxLineLength) {
      throw new StreamError(`event-stream line exceeds ${this.#maxLineLength} characters`);
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.#event = value;
        this.#sawField = true;
        break;
      case "data":
        this.#dataSize += value.length + 1;
        if (this.#dataSize > this.#maxEventSize) {
          throw new StreamError(`event-stream event exceeds ${this.#maxEventSize} characters`);
        }
        this.#data.push(value);
        this.#hasData = true;
        this.#sawField = true;
        break;
      case "id":
        if (!value.includes("\0")) this.#lastId = value;
        this.#sawField = true;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        this.#sawField = true;
        break;
      default:
        break;
    }
    return undefined;
  }

  #dispatch(): ServerSentEvent | undefined {
    const hadData = this.#hasData;
    const event: ServerSentEvent = {
      event: this.#event || "message",
      data: this.#data.join("\n"),
      id: this.#lastId,
      retry: this.#retry,
    };
    this.#event = "";
    this.#data = [];
    this.#dataSize = 0;
    this.#hasData = false;
    this.#sawField = false;
    this.#retry = undefined;
    return hadData ? event : undefined;
  }
}
