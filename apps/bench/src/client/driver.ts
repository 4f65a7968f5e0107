/**
 * The parent side of the `client` benchmark: one worker process per case (`worker-main.ts`), all pinned to the
 * client CPU, driven one command at a time over stdin/stdout JSON lines. Only one worker runs at any moment, so
 * the cases never compete for the CPU, and each measures one client in a process of its own: the garbage of one
 * case (the fetch client's web streams) never lands in another's round, and no call site of undici sees another
 * case's handler types.
 */
import { performance } from "node:perf_hooks";
import { median, percentile, roundOrder } from "../measure.js";
import type { ChildGroup, ChildHandle } from "../processes/children.js";
import { childScript } from "../processes/scripts.js";
import type { StubStats } from "../stub/guard-stub-fixture.js";
import {
  type CaseMeasurements,
  type CaseWorkerArgs,
  type ConcurrentRound,
  type ConcurrentSlice,
  READY_LINE,
  type SequentialRound,
  type SequentialSlice,
  type StatsDelta,
  type WorkerCommand,
  type WorkerConfig,
  type WorkerReplies,
  type WorkerResult,
} from "./protocol.js";

/** Default longest wait for a worker's answer to one command, ms (30 s; a full round takes well under 2 s). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

/** How the case workers are started and bounded. */
export interface DriverOptions {
  /** The group that owns the workers (closing it kills them). */
  children: ChildGroup;
  /** Service key the stub accepts; reaches the workers in `BENCH_API_KEY`. */
  apiKey: string;
  /** Reads the stub's counters (before the first and after the last measured round). */
  stats: () => Promise<StubStats>;
  /** CPU every worker is pinned to; `undefined` runs them unpinned. */
  cpu?: number | undefined;
  /** Longest wait for a worker to start or to answer one command, ms; one that takes longer is killed and fails the run. Default 30 000. */
  commandTimeoutMs?: number | undefined;
  /** Hard lifetime of each worker process, ms (SIGKILL after it). Default `2 × timeLimitMs + 60 000`. */
  lifetimeMs?: number | undefined;
}

/** One running case worker, answering one command at a time. */
export class CaseWorkerProcess {
  /** Case name, e.g. `"sdk"`. */
  readonly name: string;
  /** Name used in errors, e.g. `client worker "sdk"`. */
  readonly label: string;
  readonly #child: ChildHandle;
  readonly #timeoutMs: number;

  constructor(name: string, child: ChildHandle, timeoutMs: number) {
    this.name = name;
    this.label = `client worker ${JSON.stringify(name)}`;
    this.#child = child;
    this.#timeoutMs = timeoutMs;
  }

  /** Waits for the worker's first line, written once its modules are loaded (before any command). */
  async ready(): Promise<void> {
    const line = await this.#child.nextLine(this.#timeoutMs, "not started");
    if (line !== READY_LINE) {
      this.#child.kill();
      throw new Error(`${this.label}: started with ${JSON.stringify(line.slice(0, 200))}`);
    }
  }

  /** Kills the worker if it still runs and waits until it is gone. */
  close(): Promise<void> {
    return this.#child.close();
  }

  /** Process id (the `node` process; `taskset` execs it). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * Sends `command` and waits for its answer. Rejects with the label, the exit status and the tail of stderr
   * when the worker dies first, and kills it when no answer came within the command timeout.
   */
  async command<C extends WorkerCommand>(command: C): Promise<WorkerReplies[C["cmd"]]> {
    // A worker that already died is reported by nextLine(), with its exit status and the tail of its stderr.
    if (this.#child.running) this.#child.send(JSON.stringify(command));
    const line = await this.#child.nextLine(this.#timeoutMs, `no answer to ${command.cmd}`);
    try {
      return JSON.parse(line) as WorkerReplies[C["cmd"]];
    } catch {
      this.#child.kill();
      throw new Error(`${this.label}: answered ${command.cmd} with ${JSON.stringify(line.slice(0, 200))}`);
    }
  }
}

/**
 * Starts one worker per case of `config` (all pinned to `options.cpu`) and waits until each has loaded its modules,
 * so that no start-up competes with a worker's warm-up; none is set up yet.
 */
export async function startCaseWorkers(
  config: WorkerConfig,
  options: DriverOptions,
): Promise<CaseWorkerProcess[]> {
  const script = childScript("client/worker-main.js");
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const workers = config.cases.map((name) => {
    const args: CaseWorkerArgs = { url: config.url, case: name };
    const child = options.children.spawn(script, [JSON.stringify(args)], {
      label: `client worker ${JSON.stringify(name)}`,
      cpu: options.cpu,
      timeoutMs: options.lifetimeMs ?? 2 * config.timeLimitMs + 60_000,
      env: { BENCH_API_KEY: options.apiKey },
    });
    return new CaseWorkerProcess(name, child, timeoutMs);
  });
  try {
    for (const worker of workers) await worker.ready();
  } catch (error) {
    await Promise.all(workers.map((w) => w.close()));
    throw error;
  }
  return workers;
}

/** `total` calls cut into `slices` near-equal parts (never an empty one). */
export function sliceSizes(total: number, slices: number): number[] {
  const n = Math.max(1, Math.min(Math.floor(slices), total));
  return Array.from({ length: n }, (_, i) => Math.floor((total * (i + 1)) / n) - Math.floor((total * i) / n));
}

/** One round's concurrency-1 figures from the slices a case ran in it. */
export function mergeSlices(slices: readonly SequentialSlice[]): SequentialRound {
  const latencies = slices.flatMap((slice) => slice.latenciesUs);
  const cpuUs = slices.reduce((sum, slice) => sum + slice.cpuUs, 0);
  return {
    p50Us: median(latencies),
    p99Us: percentile(latencies, 99),
    cpuUsPerCall: cpuUs / latencies.length,
  };
}

/** One round's figures at concurrency from the slices a case ran in it: all its calls over all its wall time. */
export function mergeConcurrentSlices(slices: readonly ConcurrentSlice[]): ConcurrentRound {
  const calls = slices.reduce((sum, slice) => sum + slice.calls, 0);
  const wallMs = slices.reduce((sum, slice) => sum + slice.wallMs, 0);
  const cpuUs = slices.reduce((sum, slice) => sum + slice.cpuUs, 0);
  return { callsPerSec: (calls * 1000) / wallMs, cpuUsPerCall: cpuUs / calls };
}

function delta(before: StubStats, after: StubStats): StatsDelta {
  return {
    tokenExchanges: after.tokenExchanges - before.tokenExchanges,
    guardOk: after.guardOk - before.guardOk,
    guardRejected: after.guardRejected - before.guardRejected,
  };
}

/**
 * Sets up every worker in turn (token primed, warm-up done), then runs the measured rounds: per round, every case
 * at concurrency 1 in `roundOrder`, then every case at `concurrency` in the same order; no new round after
 * `timeLimitMs`. The caller closes `options.children` (which kills every worker) on every exit path.
 */
export async function runCaseWorkers(
  config: WorkerConfig,
  workers: readonly CaseWorkerProcess[],
  options: Pick<DriverOptions, "stats">,
): Promise<WorkerResult> {
  const labels: string[] = [];
  for (const worker of workers) {
    const { label } = await worker.command({
      cmd: "setup",
      warmupCalls: config.warmupCalls,
      concurrency: config.concurrency,
    });
    labels.push(label);
  }
  const seq = workers.map((): SequentialRound[] => []);
  const conc = workers.map((): ConcurrentRound[] => []);
  const before = await options.stats();
  const started = performance.now();
  let rounds = 0;
  while (rounds < config.rounds && (rounds === 0 || performance.now() - started < config.timeLimitMs)) {
    const order = roundOrder(workers.length, rounds);
    const slices = sliceSizes(config.sequentialCalls, config.sequentialSlices ?? 1);
    const parts = workers.map((): SequentialSlice[] => []);
    for (const [s, calls] of slices.entries()) {
      // The cases take turns slice by slice, every other slice in reverse, so none is always first or last.
      for (const i of s % 2 === 0 ? order : [...order].reverse()) {
        parts[i]!.push(await workers[i]!.command({ cmd: "sequential", calls }));
      }
    }
    for (const [i, caseParts] of parts.entries()) seq[i]!.push(mergeSlices(caseParts));
    const concurrentParts = workers.map((): ConcurrentSlice[] => []);
    for (const [s, calls] of sliceSizes(config.concurrentCalls, config.concurrentSlices ?? 1).entries()) {
      for (const i of s % 2 === 0 ? order : [...order].reverse()) {
        concurrentParts[i]!.push(
          await workers[i]!.command({ cmd: "concurrent", calls, concurrency: config.concurrency }),
        );
      }
    }
    for (const [i, caseParts] of concurrentParts.entries()) conc[i]!.push(mergeConcurrentSlices(caseParts));
    rounds++;
  }
  const measuredMs = performance.now() - started;
  const after = await options.stats();
  const cases: CaseMeasurements[] = [];
  for (const [i, worker] of workers.entries()) {
    const totals = await worker.command({ cmd: "finish" });
    cases.push({
      name: worker.name,
      label: labels[i]!,
      sequential: seq[i]!,
      concurrent: conc[i]!,
      ...totals,
    });
  }
  return { cases, rounds, server: delta(before, after), measuredMs };
}

/**
 * {@link startCaseWorkers} then {@link runCaseWorkers}. Every worker has exited when this returns or throws (a
 * failure kills the others too).
 */
export async function runClientCases(config: WorkerConfig, options: DriverOptions): Promise<WorkerResult> {
  const workers = await startCaseWorkers(config, options);
  try {
    return await runCaseWorkers(config, workers, options);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}
