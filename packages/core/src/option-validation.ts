import { ConfigurationError, RequestValidationError } from "./errors/client-errors.js";

/** Longest delay a Node timer can hold, ms (about 24.8 days); larger values would fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

type Rule = "duration" | "count" | "bytes";

const DESCRIPTIONS: Record<Rule, string> = {
  duration: `a positive number of ms no larger than ${MAX_TIMER_MS}`,
  count: "a non-negative integer",
  bytes: "a positive integer number of bytes",
};

function valid(value: unknown, rule: Rule): boolean {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (rule === "duration") return value > 0 && value <= MAX_TIMER_MS;
  if (rule === "count") return Number.isInteger(value) && value >= 0;
  return Number.isInteger(value) && value > 0;
}

/**
 * Rejects a numeric option that would make every call fail or behave wrongly (`timeout: 0`, a negative or
 * fractional `maxRetries`, NaN, Infinity, a timer too long for Node). Client options raise
 * {@link ConfigurationError} (at construction); per-call options raise {@link RequestValidationError} before
 * any request. `undefined` means "use the default" and passes.
 */
export function checkOption(value: unknown, name: string, rule: Rule, perCall = false): void {
  if (value === undefined || valid(value, rule)) return;
  const message = `${name} must be ${DESCRIPTIONS[rule]}, got ${describe(value)}`;
  throw perCall
    ? new RequestValidationError(message, { field: name })
    : new ConfigurationError(message, { option: name });
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  return typeof value;
}
