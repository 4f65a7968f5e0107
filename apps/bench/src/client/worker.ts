/**
 * The measurement of the `client` benchmark, run in its own process (`worker-main.ts`, pinned to its own CPU):
 * set up every case against the stub guard server, then measured rounds, each case once at concurrency 1 and once
 * at the configured concurrency, round-robin.
 */
import { performance } from "node:perf_hooks";
import { median, percentile, roundOrder } from "../measure.js";
import type { StubStats } from "../stub/guard-stub-fixture.js";
import { CLIENT_CASES, type ClientCaller, type ClientCaseContext } from "./cases.js";
import type {
  CaseMeasurements,
  ConcurrentRound,
  SequentialRound,
  StatsDelta,
  WorkerConfig,
  WorkerResult,
} from "./protocol.js";

const PROMPT = "What is the capital of France?";

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
  all.push(...latencies);
  return {
    p50Us: median(latencies),
    p99Us: percentile(latencies, 99),
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
  } satisfies SequentialRound;
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
  return {
    callsPerSec: (calls * 1000) / wallMs,
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
  } satisfies ConcurrentRound;
}

async function stats(url: string): Promise<StubStats> {
  const res = await fetch(`${url}/stats`);
  return (await res.json()) as StubStats;
}

function delta(before: StubStats, after: StubStats): StatsDelta {
  return {
    tokenExchanges: after.tokenExchanges - before.tokenExchanges,
    guardOk: after.guardOk - before.guardOk,
    guardRejected: after.guardRejected - before.guardRejected,
  };
}

/** Runs the configured measurement in this process. */
export async function runWorker(config: WorkerConfig, apiKey: string): Promise<WorkerResult> {
  const ctx: ClientCaseContext = {
    url: config.url,
    apiKey,
    guardUrl: `${config.url}/v1/guard`,
    tokenUrl: `${config.url}/oauth2/token`,
    payload: { content: PROMPT, content_type: "prompt", action: "process_prompt" },
  };
  const cases = config.cases.map((name) => {
    const found = CLIENT_CASES.find((c) => c.name === name);
    if (!found) throw new Error(`unknown client case ${JSON.stringify(name)}`);
    return found;
  });
  const callers: ClientCaller[] = [];
  try {
    for (const c of cases) callers.push(await c.setup(ctx));
    const warm: Tally = { unexpected: 0, calls: 0 };
    for (const caller of callers) {
      await sequential(caller, config.warmupCalls, warm, []);
      await concurrent(caller, config.warmupCalls, config.concurrency, warm);
    }
    const tallies = cases.map((): Tally => ({ unexpected: 0, calls: 0 }));
    const pooled = cases.map((): number[] => []);
    const seq = cases.map((): SequentialRound[] => []);
    const conc = cases.map((): ConcurrentRound[] => []);
    const before = await stats(config.url);
    const started = performance.now();
    let rounds = 0;
    while (rounds < config.rounds && (rounds === 0 || performance.now() - started < config.timeLimitMs)) {
      const order = roundOrder(cases.length, rounds);
      for (const i of order) {
        seq[i]!.push(await sequential(callers[i]!, config.sequentialCalls, tallies[i]!, pooled[i]!));
      }
      for (const i of order) {
        conc[i]!.push(await concurrent(callers[i]!, config.concurrentCalls, config.concurrency, tallies[i]!));
      }
      rounds++;
    }
    const measuredMs = performance.now() - started;
    const after = await stats(config.url);
    const measurements = cases.map(
      (c, i): CaseMeasurements => ({
        name: c.name,
        label: c.label,
        sequential: seq[i]!,
        concurrent: conc[i]!,
        pooled: { p50Us: median(pooled[i]!), p99Us: percentile(pooled[i]!, 99) },
        unexpectedDecisions: tallies[i]!.unexpected,
        calls: tallies[i]!.calls,
      }),
    );
    return { cases: measurements, rounds, server: delta(before, after), measuredMs };
  } finally {
    await Promise.all(callers.map((c) => c.close()));
  }
}
