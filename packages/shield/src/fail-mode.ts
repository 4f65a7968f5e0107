import { APIConnectionError, APIError, type SdkLogger } from "@highflame/core";
import type { DegradedGuardResponse } from "./wire-extras.js";

/**
 * What to do when Shield cannot answer (connection failure, timeout, or 5xx after retries):
 * - `closed` (default): throw the error — nothing proceeds unguarded.
 * - `open`: return a synthesised `{decision: "allow", degraded: true}` response and log a warning.
 *
 * Other failures (401, 400, 429, validation, caller abort) always throw: they are not outages.
 */
export type FailMode = "open" | "closed";

/** Runtime list of {@link FailMode} values. */
export const FAIL_MODES: readonly FailMode[] = ["open", "closed"];

/** True for errors that mean "Shield is unavailable": connection errors, timeouts and 5xx responses. */
export function isOutage(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  return error instanceof APIError && error.status >= 500;
}

/** Builds the response returned under `failMode: "open"`. */
export function degradedResponse(error: unknown): DegradedGuardResponse {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return {
    decision: "allow",
    degraded: true,
    degraded_reason: `${name}: ${message}`,
    policy_reason: 'Shield unavailable; failing open (failMode: "open")',
    timestamp: new Date().toISOString(),
    latency_ms: 0,
    signals: [],
  };
}

/** `call()`, with a synchronous throw turned into a rejection. */
function settle<T>(call: () => Promise<T>): Promise<T> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Runs `call`; under `open` an outage becomes a degraded allow (with a warning), else the error is rethrown. */
export function withFailMode<T>(
  failMode: FailMode | undefined,
  logger: SdkLogger,
  what: string,
  call: () => Promise<T>,
): Promise<T | DegradedGuardResponse> {
  // Failing closed needs no wrapper: the call's own promise is the result.
  if (failMode !== "open") return settle(call);
  return settle(call).catch((error: unknown) => {
    if (!isOutage(error)) throw error;
    const degraded = degradedResponse(error);
    logger.warn(`Shield unavailable during ${what}; failing open (decision "allow", degraded)`, {
      error: degraded.degraded_reason,
    });
    return degraded;
  });
}
