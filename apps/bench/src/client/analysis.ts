import { median } from "../measure.js";
import { type Check, formatDuration, type TextTable } from "../report.js";
import { pairedRatioResult, type RatioResult, type Target } from "../targets.js";
import type { CaseMeasurements, WorkerConfig, WorkerResult } from "./protocol.js";

/**
 * What a ratio compares: per round, `metric(of) / metric(to)`. `cpu1` / `cpu`: client CPU per call at
 * concurrency 1 / at the configured concurrency.
 */
export type ClientMetric = "p50" | "p99" | "cpu1" | "throughput" | "cpu";

/** One ratio of the `client` benchmark, between two cases of `CLIENT_CASES`. */
export interface ClientRatio {
  metric: ClientMetric;
  /** Numerator case name, e.g. `"sdk"`. */
  of: string;
  /** Denominator case name, e.g. `"undici"`. */
  to: string;
  /** Issue 9's target for this ratio, if any. */
  target?: Target;
}

const METRIC_LABEL: Record<ClientMetric, string> = {
  p50: "p50 latency c=1",
  p99: "p99 latency c=1",
  cpu1: "client CPU per call c=1",
  throughput: "throughput c=64",
  cpu: "client CPU per call c=64",
};

function perRound(c: CaseMeasurements, metric: ClientMetric): number[] {
  switch (metric) {
    case "p50":
      return c.sequential.map((r) => r.p50Us);
    case "p99":
      return c.sequential.map((r) => r.p99Us);
    case "cpu1":
      return c.sequential.map((r) => r.cpuUsPerCall);
    case "throughput":
      return c.concurrent.map((r) => r.callsPerSec);
    case "cpu":
      return c.concurrent.map((r) => r.cpuUsPerCall);
  }
}

/** Short names of cases in ratio labels. */
const SHORT: Record<string, string> = {
  undici: "raw undici",
  fetch: "fetch client",
  "sdk-otel-off": "sdk + otel (off)",
};

/** The ratios whose two cases were both measured, each the median of its per-round ratios. */
export function clientRatios(result: WorkerResult, specs: readonly ClientRatio[]): RatioResult[] {
  const byName = new Map(result.cases.map((c) => [c.name, c]));
  const out: RatioResult[] = [];
  for (const spec of specs) {
    const of = byName.get(spec.of);
    const to = byName.get(spec.to);
    if (!of || !to) continue;
    const name = `${METRIC_LABEL[spec.metric]}: ${SHORT[spec.of] ?? spec.of} / ${SHORT[spec.to] ?? spec.to}`;
    out.push(pairedRatioResult(name, perRound(of, spec.metric), perRound(to, spec.metric), spec.target));
  }
  return out;
}

const us = (value: number) => formatDuration(value / 1000);

/** The c=1 and c=64 tables. */
export function clientTables(result: WorkerResult, config: WorkerConfig): TextTable[] {
  return [
    {
      title: `concurrency 1: ${config.sequentialCalls} calls per case per round; median over rounds of each round's percentile`,
      header: ["case", "rounds", "p50", "p99", "p99 of all calls", "client CPU/call"],
      rows: result.cases.map((c) => [
        c.label,
        String(c.sequential.length),
        us(median(perRound(c, "p50"))),
        us(median(perRound(c, "p99"))),
        us(c.pooled.p99Us),
        us(median(perRound(c, "cpu1"))),
      ]),
    },
    {
      title: `concurrency ${config.concurrency}: ${config.concurrentCalls} calls per case per round; medians over rounds`,
      header: ["case", "rounds", "calls/s", "client CPU/call"],
      rows: result.cases.map((c) => [
        c.label,
        String(c.concurrent.length),
        Math.round(median(perRound(c, "throughput"))).toLocaleString("en-US"),
        us(median(perRound(c, "cpu"))),
      ]),
    },
  ];
}

/** Correctness of the run: every call allowed and seen by the server, no token exchange while measuring. */
export function clientChecks(result: WorkerResult): Check[] {
  const calls = result.cases.reduce((n, c) => n + c.calls, 0);
  const unexpected = result.cases.reduce((n, c) => n + c.unexpectedDecisions, 0);
  return [
    {
      name: "measured calls answered allow",
      ok: calls > 0 && unexpected === 0,
      detail: `${calls - unexpected} of ${calls}`,
    },
    {
      name: "guard calls the server answered 200 / rejected while measuring",
      ok: result.server.guardOk === calls && result.server.guardRejected === 0,
      detail: `${result.server.guardOk} / ${result.server.guardRejected} for ${calls} calls`,
    },
    {
      name: "token exchanges while measuring (tokens cached beforehand)",
      ok: result.server.tokenExchanges === 0,
      detail: String(result.server.tokenExchanges),
    },
  ];
}
