/**
 * What the `client` benchmark's worker process is asked to measure (passed as one JSON argument; the service key
 * travels separately, in the `BENCH_API_KEY` environment variable, never on a command line).
 */
export interface WorkerConfig {
  /** Base URL of the guard stub server, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Names of the cases to run (see `CLIENT_CASES`), in table order. */
  cases: string[];
  /** Unmeasured calls per case first, sequential then at `concurrency`. */
  warmupCalls: number;
  /** Measured rounds; each round runs every case once at concurrency 1 and once at `concurrency`. */
  rounds: number;
  /** Calls per case per round at concurrency 1. */
  sequentialCalls: number;
  /** Calls per case per round at `concurrency`. */
  concurrentCalls: number;
  /** In-flight calls of the concurrent part (64 in the targets). */
  concurrency: number;
  /** No new round starts after this many ms of measuring (at least one round always runs). */
  timeLimitMs: number;
}

/** One round of one case at concurrency 1. */
export interface SequentialRound {
  /** Median call latency of the round, µs. */
  p50Us: number;
  /** 99th percentile (nearest rank) of the round's call latencies, µs. */
  p99Us: number;
  /**
   * Client CPU time per call over the round (user + system, `process.cpuUsage()` of the worker process only), µs:
   * unlike latency, it barely moves when other processes compete for the CPU.
   */
  cpuUsPerCall: number;
}

/** Latency percentiles over every measured sequential call of a case. */
export interface PooledLatency {
  /** Median, µs. */
  p50Us: number;
  /** 99th percentile (nearest rank), µs. */
  p99Us: number;
}

/** One round of one case at the configured concurrency. */
export interface ConcurrentRound {
  /** Calls completed per second of wall time. */
  callsPerSec: number;
  /** Client CPU time (user + system, `process.cpuUsage()` of the worker process only) per call, µs. */
  cpuUsPerCall: number;
}

/** Measurements of one case. */
export interface CaseMeasurements {
  name: string;
  /** Row label, e.g. `"sdk client.guard.evaluate()"`. */
  label: string;
  sequential: SequentialRound[];
  concurrent: ConcurrentRound[];
  /** Pooled over every measured sequential call of the case. */
  pooled: PooledLatency;
  /** Measured calls whose decision was not `allow` (should be 0). */
  unexpectedDecisions: number;
  /** Measured calls (sequential + concurrent). */
  calls: number;
}

/** Counters of the stub server (`GET /stats`), read before and after the measured part. */
export interface StatsDelta {
  tokenExchanges: number;
  guardOk: number;
  guardRejected: number;
}

/** The worker's result: its last stdout line, as JSON. */
export interface WorkerResult {
  cases: CaseMeasurements[];
  /** Measured rounds run (fewer than asked when the time limit hit). */
  rounds: number;
  /** Stub server counters over the measured part (warm-up and token priming excluded). */
  server: StatsDelta;
  /** Wall time of the measured part, ms. */
  measuredMs: number;
}
