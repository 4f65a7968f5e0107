import type { Benchmark } from "../benchmark.js";
import { clientBenchmark } from "./client.js";
import { coldStartBenchmark } from "./cold-start.js";
import { guardBenchmark } from "./guard.js";
import { overheadBenchmark } from "./overhead.js";
import { sseBenchmark } from "./sse.js";
import { tokenCacheBenchmark } from "./token-cache.js";
import { verifyBenchmark } from "./verify.js";

/** Every benchmark, in run order. */
export const BENCHMARKS: readonly Benchmark[] = [
  clientBenchmark,
  coldStartBenchmark,
  verifyBenchmark,
  overheadBenchmark,
  guardBenchmark,
  tokenCacheBenchmark,
  sseBenchmark,
];
