import type { BenchEnvironment } from "./environment.js";
import type { BenchReport } from "./report.js";

/** Settings every benchmark receives. */
export interface BenchSettings {
  /** Fewer and smaller rounds (a CI smoke run): the checks still run in full. */
  quick: boolean;
}

/** One benchmark of the suite. */
export interface Benchmark {
  /** Name used by `--only`. */
  name: string;
  /** One-line description. */
  title: string;
  run(env: BenchEnvironment, settings: BenchSettings): Promise<BenchReport>;
}
