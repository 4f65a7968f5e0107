import { type Benchmark, byScale } from "../benchmark.js";
import { type ClientRatio, clientChecks, clientRatios, clientTables } from "../client/analysis.js";
import { CLIENT_CASES } from "../client/cases.js";
import { runClientCases } from "../client/driver.js";
import type { WorkerConfig } from "../client/protocol.js";
import { ChildGroup } from "../processes/children.js";
import { startStubServer } from "../stub/start-stub.js";

/**
 * The compared ratios and issue 9's targets. A new case is compared by adding lines here.
 */
export const CLIENT_RATIOS: readonly ClientRatio[] = [
  { metric: "p50", of: "sdk", to: "undici", target: { comparator: "<=", threshold: 0.95 } },
  { metric: "p99", of: "sdk", to: "undici" },
  { metric: "cpu1", of: "sdk", to: "undici" },
  { metric: "throughput", of: "sdk", to: "undici", target: { comparator: ">=", threshold: 1.3 } },
  { metric: "cpu", of: "sdk", to: "undici" },
  { metric: "p50", of: "sdk", to: "fetch" },
  { metric: "throughput", of: "sdk", to: "fetch", target: { comparator: ">=", threshold: 5 } },
  { metric: "cpu", of: "sdk", to: "fetch" },
  // The OpenTelemetry integration installed with no OTel SDK registered, against the plain client: ≈ 1.0 is "no cost".
  { metric: "p50", of: "sdk-otel-off", to: "sdk" },
  { metric: "throughput", of: "sdk-otel-off", to: "sdk" },
  { metric: "cpu", of: "sdk-otel-off", to: "sdk" },
];

/**
 * Calls, rounds and the time limit of the case workers, by scale. Many short rounds rather than a few long ones:
 * the ratios pair rounds that ran back to back, and on a shared machine the load changes within seconds. The full
 * run's concurrent part is 3 000 calls per case per round (it was 800): a c=64 round of 800 calls took ~60 ms, so
 * one GC pause or scheduler hiccup swung its throughput; 3 000 calls make a round of ~200 ms for the fast cases.
 * Duration: at the quiet-machine throughputs recorded in docs/benchmarks.md (sdk ~16 000, raw undici ~12 000,
 * fetch ~2 400 calls/s; the fetch case is over half the time) a round of all four cases takes ~2.2 s, so 15 rounds
 * are ~33 s of measuring and ~40 s in all; at a load average of 5.7–6.8 (throughputs a quarter of those) the
 * 60 s limit stopped a run after 12 of 15 rounds (74 s in all). The sequential part is 600 calls per case per
 * round (it was 200): a c=1 round of 200 calls lasted ~40 ms, and its p50 ratios ranged 0.77–1.30× between
 * rounds of the same run; 600 calls (~120 ms) add ~10 s to a full run. They run in 6 slices of 100, the cases
 * taking turns slice by slice, so that each case's calls of a round span the same ~0.5 s as the others' instead of
 * a window of its own; the 3 000 concurrent calls likewise run in 3 slices of 1 000 (a slice of ~35–50 ms, long
 * enough that filling and draining the 64 in flight stays a small part of it). quick and tiny stay small.
 */
export function clientPlan(scale: "full" | "quick" | "tiny"): Omit<WorkerConfig, "url" | "cases"> {
  return byScale(scale, {
    full: {
      warmupCalls: 200,
      rounds: 15,
      sequentialCalls: 600,
      sequentialSlices: 6,
      concurrentCalls: 3000,
      concurrentSlices: 3,
      concurrency: 64,
      timeLimitMs: 60_000,
    },
    quick: {
      warmupCalls: 100,
      rounds: 5,
      sequentialCalls: 60,
      sequentialSlices: 2,
      concurrentCalls: 320,
      concurrentSlices: 2,
      concurrency: 64,
      timeLimitMs: 20_000,
    },
    tiny: {
      warmupCalls: 5,
      rounds: 2,
      sequentialCalls: 10,
      sequentialSlices: 2,
      concurrentCalls: 64,
      concurrentSlices: 2,
      concurrency: 64,
      timeLimitMs: 60_000,
    },
  });
}

/** SDK vs raw undici vs a fetch client against a minimal guard server in another process (and CPU). */
export const clientBenchmark: Benchmark = {
  name: "client",
  title:
    "client.guard.evaluate() vs raw undici request() vs a global-fetch client, minimal guard server in its own process",
  async run(_env, { scale, pinning }) {
    await using children = new ChildGroup();
    const stub = await startStubServer(children, pinning.serverCpu);
    const config: WorkerConfig = {
      url: stub.url,
      cases: CLIENT_CASES.map((c) => c.name),
      ...clientPlan(scale),
    };
    const result = await runClientCases(config, {
      children,
      apiKey: stub.apiKey,
      stats: () => stub.stats(),
      cpu: pinning.clientCpu,
    });
    const notes = [
      pinning.description,
      `${result.rounds} of ${config.rounds} rounds, round-robin over ${result.cases.length} cases (one worker process each, one running at a time), in ${(result.measuredMs / 1000).toFixed(1)} s; every case's token fetched before measuring`,
    ];
    return {
      name: this.name,
      title: this.title,
      cases: [],
      notes,
      tables: clientTables(result, config),
      ratios: clientRatios(result, CLIENT_RATIOS),
      checks: clientChecks(result),
    };
  },
};
