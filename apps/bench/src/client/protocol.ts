/**
 * What the `client` benchmark measures: the parent (`client/driver.ts`) runs each case in its own worker process
 * and drives the rounds; the service key travels in the `BENCH_API_KEY` environment variable, never on a command
 * line.
 */
export interface WorkerConfig {
  /** Base URL of the guard stub server, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Names of the cases to run (see `CLIENT_CASES`), in table order; one worker process each. */
  cases: string[];
  /** Unmeasured calls per case first, sequential then at `concurrency`. */
  warmupCalls: number;
  /** Measured rounds; each round runs every case once at concurrency 1 and once at `concurrency`. */
  rounds: number;
  /** Calls per case per round at concurrency 1. */
  sequentialCalls: number;
  /**
   * Slices the concurrency-1 part of a round is cut into, the cases taking turns slice by slice (so each case's
   * calls of a round are spread over the same stretch of time as the others'). Default 1: one slice per case.
   */
  sequentialSlices?: number | undefined;
  /** The same for the part at `concurrency`. Default 1. */
  concurrentSlices?: number | undefined;
  /** Calls per case per round at `concurrency`. */
  concurrentCalls: number;
  /** In-flight calls of the concurrent part (64 in the targets). */
  concurrency: number;
  /** No new round starts after this many ms of measuring (at least one round always runs). */
  timeLimitMs: number;
}

/** The one argument of a case worker process (`worker-main.ts`), as JSON. */
export interface CaseWorkerArgs {
  /** Base URL of the guard stub server. */
  url: string;
  /** The case this process runs (a name in `CLIENT_CASES`). */
  case: string;
}

/** The first stdout line of a case worker, written once its modules are loaded, before it reads any command. */
export const READY_LINE = '{"ready":true}';

/**
 * One command to a case worker: one JSON line on its stdin. The worker answers each with one JSON line on stdout
 * ({@link WorkerReply}) before it reads the next; on an error it writes the error to stderr and exits 1.
 *
 * - `setup`: build the caller, prime its token, then `warmupCalls` sequential and `warmupCalls` calls at
 *   `concurrency` (unmeasured).
 * - `sequential` / `concurrent`: one measured round.
 * - `finish`: close the caller, answer with the case's totals, exit 0.
 */
export type WorkerCommand =
  | { cmd: "setup"; warmupCalls: number; concurrency: number }
  | { cmd: "sequential"; calls: number }
  | { cmd: "concurrent"; calls: number; concurrency: number }
  | { cmd: "finish" };

/** Totals of one case worker, the answer to `finish`. */
export interface CaseTotals {
  /** Pooled over every measured sequential call of the case. */
  pooled: PooledLatency;
  /** Measured calls whose decision was not `allow`. */
  unexpectedDecisions: number;
  /** Measured calls (sequential + concurrent). */
  calls: number;
}

/** The answer to `sequential`: the round's figures, plus what merging it with other slices of a round needs. */
export interface SequentialSlice extends SequentialRound {
  /** Every call's latency, µs, in call order. */
  latenciesUs: number[];
  /** Client CPU time over the slice (user + system), µs. */
  cpuUs: number;
}

/** The answer to `concurrent`: the round's figures, plus what merging it with other slices of a round needs. */
export interface ConcurrentSlice extends ConcurrentRound {
  /** Calls made. */
  calls: number;
  /** Wall time of the slice, ms. */
  wallMs: number;
  /** Client CPU time over the slice (user + system), µs. */
  cpuUs: number;
}

/** A case worker's answer to each {@link WorkerCommand}, by command. */
export interface WorkerReplies {
  setup: { label: string };
  sequential: SequentialSlice;
  concurrent: ConcurrentSlice;
  finish: CaseTotals;
}

/** Any answer of a case worker. */
export type WorkerReply = WorkerReplies[keyof WorkerReplies];

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

/** The result of the `client` benchmark, assembled by the parent from its case workers' answers. */
export interface WorkerResult {
  cases: CaseMeasurements[];
  /** Measured rounds run (fewer than asked when the time limit hit). */
  rounds: number;
  /** Stub server counters over the measured part (warm-up and token priming excluded). */
  server: StatsDelta;
  /** Wall time of the measured part, ms. */
  measuredMs: number;
}
