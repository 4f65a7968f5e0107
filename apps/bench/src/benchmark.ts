import type { BenchEnvironment } from "./environment.js";
import type { Pinning } from "./processes/pinning.js";
import type { BenchReport } from "./report.js";

/**
 * Size of a run: `full` (the figures to quote), `quick` (fewer, smaller rounds: the CI smoke run) or `tiny` (the
 * smallest that exercises every path: the vitest test; its numbers mean nothing).
 */
export type BenchScale = "full" | "quick" | "tiny";

/** Settings every benchmark receives. */
export interface BenchSettings {
  /** `scale !== "full"`: fewer and smaller rounds; the checks still run in full. */
  quick: boolean;
  /** Size of the run. */
  scale: BenchScale;
  /** Where child processes (server, client) run; see `detectPinning()`. */
  pinning: Pinning;
}

/** One benchmark of the suite. */
export interface Benchmark {
  /** Name used by `--only`. */
  name: string;
  /** One-line description. */
  title: string;
  /**
   * Runs it. `env` starts the in-process dev server on first use (shared by the benchmarks of a run); benchmarks
   * with their own server never call it.
   */
  run(env: () => Promise<BenchEnvironment>, settings: BenchSettings): Promise<BenchReport>;
}

/** Picks the value for a scale. */
export function byScale<T>(scale: BenchScale, values: Record<BenchScale, T>): T {
  return values[scale];
}
