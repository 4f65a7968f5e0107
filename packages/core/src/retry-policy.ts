import type { HeaderReader } from "./headers.js";
import { MAX_RETRY_AFTER_MS, parseRetryAfterMs } from "./retry-after.js";

/** Default number of retries after the first attempt (3 attempts in all). */
export const DEFAULT_MAX_RETRIES = 2;
/** First backoff delay, ms. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Longest backoff delay, ms. */
export const MAX_RETRY_DELAY_MS = 8_000;

/** Statuses retried by default; 400/401/403/404/409/422 and every other status are never retried. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a response status is retried. A server `x-should-retry: true|false` header overrides the table. */
export function isRetryableResponse(status: number, headers: HeaderReader): boolean {
  const override = headers.get("x-should-retry")?.trim().toLowerCase();
  if (override === "true") return true;
  if (override === "false") return false;
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Delay before retry number `retryIndex` (0 for the first retry): the server's `retry-after-ms` or
 * `Retry-After` when it lies within 0–60 s, else `min(0.5 s × 2^n, 8 s)` less up to 25 % jitter.
 */
export function retryDelayMs(
  retryIndex: number,
  headers?: HeaderReader,
  random: () => number = Math.random,
): number {
  const requested = headers ? parseRetryAfterMs(headers) : undefined;
  if (requested !== undefined && requested >= 0 && requested <= MAX_RETRY_AFTER_MS) return requested;
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retryIndex, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - 0.25 * random()));
}
