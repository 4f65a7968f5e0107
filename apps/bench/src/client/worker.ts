/**
 * One case of the `client` benchmark, run in its own process (`worker-main.ts`, pinned to the client CPU): answers
 * the parent's commands (`WorkerCommand`) one at a time against the stub guard server. A process runs one client,
 * as a user's does: no other case's garbage or handler types share its heap and call sites.
 */
import { performance } from "node:perf_hooks";
import { median, percentile } from "../measure.js";
import { CLIENT_CASES, type ClientCaller, type ClientCase, type ClientCaseContext } from "./cases.js";
import type {
  CaseWorkerArgs,
  ConcurrentSlice,
  SequentialSlice,
  WorkerCommand,
  WorkerReply,
} from "./protocol.js";

const PROMPT = "What is the capital of France?";

/** Most measured sequential latencies one worker keeps for the pooled percentiles (bounded memory). */
export const MAX_POOLED_LATENCIES = 1_000_000;

interface Tally {
  unexpected: number;
  calls: number;
}

async function sequential(caller: ClientCaller, calls: number, tally: Tally, all: number[]) {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const decision = await caller.call();
    latencies.push((performance.now() - started) * 1000);
    if (decision !== "allow") tally.unexpected++;
  }
  const cpu = process.cpuUsage(cpuBefore);
  tally.calls += calls;
  for (const latency of latencies) if (all.length < MAX_POOLED_LATENCIES) all.push(latency);
  const cpuUs = cpu.user + cpu.system;
  return {
    p50Us: median(latencies),
    p99Us: percentile(latencies, 99),
    cpuUsPerCall: cpuUs / calls,
    latenciesUs: latencies,
    cpuUs,
  } satisfies SequentialSlice;
}

async function concurrent(caller: ClientCaller, calls: number, concurrency: number, tally: Tally) {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      if ((await caller.call()) !== "allow") tally.unexpected++;
    }
  };
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  tally.calls += calls;
  const cpuUs = cpu.user + cpu.system;
  return {
    callsPerSec: (calls * 1000) / wallMs,
    cpuUsPerCall: cpuUs / calls,
    calls,
    wallMs,
    cpuUs,
  } satisfies ConcurrentSlice;
}

/** A positive integer field of a command, or a clear error. */
function count(command: WorkerCommand, field: string): number {
  const value = (command as unknown as Record<string, unknown>)[field];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `command ${command.cmd}: ${field} must be a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The case named `name` in `CLIENT_CASES`, or an error naming it. */
export function findCase(name: string): ClientCase {
  const found = CLIENT_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`unknown client case ${JSON.stringify(name)}`);
  return found;
}

/** The state of one case worker process: its caller (after `setup`) and its tallies. */
export class CaseWorker {
  readonly #case: ClientCase;
  readonly #ctx: ClientCaseContext;
  #caller: ClientCaller | undefined;
  readonly #tally: Tally = { unexpected: 0, calls: 0 };
  readonly #pooled: number[] = [];

  /** Throws when `args.case` is not a known case. */
  constructor(args: CaseWorkerArgs, apiKey: string) {
    if (typeof args.url !== "string") throw new Error("worker argument: url must be a string");
    this.#case = findCase(String(args.case));
    this.#ctx = {
      url: args.url,
      apiKey,
      guardUrl: `${args.url}/v1/guard`,
      tokenUrl: `${args.url}/oauth2/token`,
      payload: { content: PROMPT, content_type: "prompt", action: "process_prompt" },
    };
  }

  /** Runs one command; the answer is the worker's next stdout line. Throws on a bad or out-of-order command. */
  async handle(command: WorkerCommand): Promise<WorkerReply> {
    switch (command.cmd) {
      case "setup": {
        if (this.#caller) throw new Error("setup: already set up");
        const warmupCalls = count(command, "warmupCalls");
        const concurrency = count(command, "concurrency");
        this.#caller = await this.#case.setup(this.#ctx);
        const warm: Tally = { unexpected: 0, calls: 0 };
        await sequential(this.#caller, warmupCalls, warm, []);
        await concurrent(this.#caller, warmupCalls, concurrency, warm);
        return { label: this.#case.label };
      }
      case "sequential":
        return sequential(this.#ready(), count(command, "calls"), this.#tally, this.#pooled);
      case "concurrent":
        return concurrent(this.#ready(), count(command, "calls"), count(command, "concurrency"), this.#tally);
      case "finish": {
        const caller = this.#ready();
        this.#caller = undefined;
        await caller.close();
        const pooled = this.#pooled.length > 0 ? this.#pooled : [Number.NaN];
        return {
          pooled: { p50Us: median(pooled), p99Us: percentile(pooled, 99) },
          unexpectedDecisions: this.#tally.unexpected,
          calls: this.#tally.calls,
        };
      }
      default:
        throw new Error(`unknown command ${JSON.stringify((command as { cmd?: unknown }).cmd)}`);
    }
  }

  /** Closes the caller if `finish` did not. */
  async close(): Promise<void> {
    const caller = this.#caller;
    this.#caller = undefined;
    await caller?.close();
  }

  #ready(): ClientCaller {
    if (!this.#caller) throw new Error(`case ${this.#case.name}: not set up (send setup first)`);
    return this.#caller;
  }
}
