import { StreamError } from "@highflame/core";

/** Default of `maxStreamChars`: characters of streamed text and tool arguments kept for the checks. */
export const DEFAULT_MAX_STREAM_CHARS = 1_000_000;

/**
 * Accounting for one guarded stream: the characters of text and tool arguments accumulated for the checks,
 * capped so that nothing a provider streams grows memory without bound. Past the cap the stream is aborted with
 * a `StreamError` (fail closed: output that cannot be checked is not delivered).
 */
export class StreamBudget {
  #used = 0;
  readonly #max: number;
  readonly #abort: () => void;

  constructor(max: number | undefined, abort: () => void) {
    this.#max = Math.max(1, max ?? DEFAULT_MAX_STREAM_CHARS);
    this.#abort = abort;
  }

  /** Counts `chars` more; aborts the upstream request and throws once past the cap. */
  add(chars: number): void {
    this.#used += chars;
    if (this.#used > this.#max) {
      this.#abort();
      throw new StreamError(
        `Highflame: the streamed output exceeded maxStreamChars (${this.#max}) before it could be checked; the stream was aborted`,
      );
    }
  }
}

/** Per-key string accumulator (text per choice or item, arguments per tool call), counted against a budget. */
export class Accumulator {
  readonly values = new Map<string, string>();
  constructor(readonly budget: StreamBudget) {}

  /** Appends `piece` to `key`. */
  append(key: string, piece: string | undefined | null): void {
    if (!piece) return;
    this.budget.add(piece.length);
    this.values.set(key, (this.values.get(key) ?? "") + piece);
  }

  /** Replaces the value of `key` (a `done` event carrying the full value). */
  set(key: string, value: string): void {
    const previous = this.values.get(key)?.length ?? 0;
    if (value.length > previous) this.budget.add(value.length - previous);
    this.values.set(key, value);
  }
}

/**
 * Tracks which keys already received their replacement while held events are rewritten: the first delta of a
 * key carries the whole replacement and later deltas become empty.
 */
export class Replacements {
  readonly #placed = new Set<string>();
  constructor(readonly values: ReadonlyMap<string, string>) {}

  /** True when `key` has a replacement. */
  has(key: string): boolean {
    return this.values.has(key);
  }

  /** The delta to emit for `key`: the replacement the first time, then `""`. */
  delta(key: string): string {
    if (this.#placed.has(key)) return "";
    this.#placed.add(key);
    return this.values.get(key) ?? "";
  }
}
