import type { HeaderReader } from "./headers.js";
/** Longest server-requested wait the SDK honours; longer (or negative) values fall back to backoff. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The wait a response asks for, in ms: `retry-after-ms` first, then `Retry-After` as seconds or an HTTP date.
 * Returns undefined when absent or unparseable. Callers apply the 0–60 s window.
 */
export function parseRetryAfterMs(headers: HeaderReader, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value)) return value;
  }
  const header = headers.get("retry-after");
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return date - now;
}
