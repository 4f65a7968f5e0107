/** Fault settings; every field optional, absent = no fault of that kind. */
export interface FaultConfig {
  /** Added latency before a response, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Probability (0..1) of answering with `errorStatus` instead of the real response. Default 0. */
  errorRate?: number;
  /** Status of injected errors. Default 503. */
  errorStatus?: number;
  /** `Retry-After` seconds sent with injected 429/503. Default 1. */
  retryAfterSeconds?: number;
  /** Probability (0..1) of destroying the connection without a response. Default 0. */
  dropRate?: number;
  /** Path prefixes the faults apply to. Default: every path except `/_dev/`. */
  paths?: string[];
  /** Number of matching requests to affect before the faults clear themselves. Default unlimited. */
  times?: number;
}

/** What the server should do with one request. */
export type FaultAction =
  | { kind: "none"; latencyMs: number }
  | { kind: "error"; latencyMs: number; status: number; retryAfterSeconds: number }
  | { kind: "drop"; latencyMs: number };

/** Programmatic fault injection (also driven by `POST/DELETE /_dev/faults`). */
export interface FaultController {
  /** Replaces the current faults. Throws `RangeError` on out-of-range values. */
  set(config: FaultConfig): void;
  /** Removes every fault. */
  clear(): void;
  /** Current faults (a copy). */
  get(): FaultConfig;
  /** Decides the fault for a request path (consumes one of `times`). */
  decide(path: string): FaultAction;
}

function checkRate(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0 || value > 1)) {
    throw new RangeError(`${name} must be between 0 and 1`);
  }
}

/** Validates a fault config; throws `RangeError` naming the field. */
export function validateFaultConfig(config: FaultConfig): void {
  checkRate("errorRate", config.errorRate);
  checkRate("dropRate", config.dropRate);
  if (
    config.latencyMs !== undefined &&
    (!Number.isFinite(config.latencyMs) || config.latencyMs < 0 || config.latencyMs > 60_000)
  ) {
    throw new RangeError("latencyMs must be between 0 and 60000");
  }
  if (
    config.errorStatus !== undefined &&
    (!Number.isInteger(config.errorStatus) || config.errorStatus < 400 || config.errorStatus > 599)
  ) {
    throw new RangeError("errorStatus must be an integer between 400 and 599");
  }
  if (config.times !== undefined && (!Number.isInteger(config.times) || config.times < 1)) {
    throw new RangeError("times must be a positive integer");
  }
  if (
    config.retryAfterSeconds !== undefined &&
    (!Number.isInteger(config.retryAfterSeconds) || config.retryAfterSeconds < 0)
  ) {
    throw new RangeError("retryAfterSeconds must be a non-negative integer");
  }
  if (
    config.paths !== undefined &&
    (!Array.isArray(config.paths) || config.paths.some((p) => typeof p !== "string"))
  ) {
    throw new RangeError("paths must be an array of strings");
  }
}

/**
 * Creates a fault controller.
 *
 * @param initial - Faults active from the start. Default none.
 * @param random - Source of randomness in [0,1). Default `Math.random`.
 */
export function createFaultController(
  initial: FaultConfig = {},
  random: () => number = Math.random,
): FaultController {
  let config: FaultConfig = {};
  let remaining: number | undefined;
  const controller: FaultController = {
    set(next) {
      validateFaultConfig(next);
      config = { ...next, paths: next.paths ? [...next.paths] : undefined };
      remaining = next.times;
    },
    clear() {
      config = {};
      remaining = undefined;
    },
    get() {
      const copy: FaultConfig = { ...config };
      if (remaining !== undefined) copy.times = remaining;
      for (const k of Object.keys(copy) as (keyof FaultConfig)[]) if (copy[k] === undefined) delete copy[k];
      return copy;
    },
    decide(path) {
      if (path.startsWith("/_dev/")) return { kind: "none", latencyMs: 0 };
      if (config.paths && !config.paths.some((p) => path.startsWith(p)))
        return { kind: "none", latencyMs: 0 };
      const active = (config.latencyMs ?? 0) > 0 || (config.errorRate ?? 0) > 0 || (config.dropRate ?? 0) > 0;
      if (!active) return { kind: "none", latencyMs: 0 };
      if (remaining !== undefined) {
        remaining -= 1;
        if (remaining <= 0) {
          const snapshot = config;
          controller.clear();
          return pick(snapshot, random);
        }
      }
      return pick(config, random);
    },
  };
  controller.set(initial);
  return controller;
}

function pick(config: FaultConfig, random: () => number): FaultAction {
  const latencyMs = config.latencyMs ?? 0;
  if ((config.dropRate ?? 0) > 0 && random() < config.dropRate!) return { kind: "drop", latencyMs };
  if ((config.errorRate ?? 0) > 0 && random() < config.errorRate!) {
    return {
      kind: "error",
      latencyMs,
      status: config.errorStatus ?? 503,
      retryAfterSeconds: config.retryAfterSeconds ?? 1,
    };
  }
  return { kind: "none", latencyMs };
}
