import { performance } from "node:perf_hooks";

/** One timed round of a case. */
export interface Sample {
  /** Time of one unit of work in this round, ms (e.g. round time / calls in the round). */
  ms: number;
}

/** A case of a benchmark: one baseline or candidate, measured in rounds. */
export interface BenchCase {
  /** Row label, e.g. `"sdk: sequential"`. */
  name: string;
  /** Rows sharing a group are compared with the group's baseline row. */
  group: string;
  /** True for the reference row of its group (ratio 1.00). */
  baseline: boolean;
  /** Operations one unit of work stands for (ops/s = opsPerUnit / median s); `0` prints no ops/s. */
  opsPerUnit: number;
  /** Runs one round and returns its sample. */
  round: () => Promise<Sample>;
}

/** Result of one case. */
export interface CaseResult {
  name: string;
  group: string;
  baseline: boolean;
  /** Measured rounds (warm-up rounds excluded). */
  runs: number;
  /** Median over the rounds of the unit time, ms. */
  medianMs: number;
  /** 90th percentile (nearest rank) over the rounds of the unit time, ms. */
  p90Ms: number;
  /** `opsPerUnit / median` in operations per second; `null` when the unit is not an operation count. */
  opsPerSec: number | null;
  /** `median / median of the group's baseline` (> 1: slower than the baseline). */
  ratio: number;
  /** Unit time of each measured round, ms, in round order (for ratios of paired rounds). */
  samples: number[];
}

/** Round counts of a measurement. */
export interface RoundPlan {
  /** Unmeasured rounds per case first. */
  warmup: number;
  /** Measured rounds per case. */
  rounds: number;
  /**
   * Time limit of the measured rounds, ms: no new round starts after it (at least one round always runs).
   * Default {@link DEFAULT_TIME_LIMIT_MS}.
   */
  timeLimitMs?: number;
}

/** Default time limit of a benchmark's measured rounds, ms (2 minutes). */
export const DEFAULT_TIME_LIMIT_MS = 120_000;

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (`p` in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * The order in which `cases` cases run in round `round`: round-robin, every other round starting one case later,
 * and every odd round reversed (0 1 2 3, 3 2 1 0, 1 2 3 0, 0 3 2 1, …). Over the rounds every case runs in every
 * position, so drift on a shared machine hits every case alike, and each case runs as often just before its
 * neighbour as just after it, so neither pays more often for the garbage or the cache state the other leaves.
 */
export function roundOrder(cases: number, round: number): number[] {
  const shift = Math.floor(round / 2);
  const order = Array.from({ length: cases }, (_, i) => (i + shift) % cases);
  return round % 2 === 1 ? order.reverse() : order;
}

/**
 * Median over rounds of `numerator[r] / denominator[r]` (rounds paired by index; the lists are cut to the shorter
 * one). Pairing rounds that ran back to back cancels slow phases of a shared machine better than a ratio of
 * medians. `NaN` when there is no pair.
 */
export function medianOfRatios(numerator: readonly number[], denominator: readonly number[]): number {
  const ratios = pairedRatios(numerator, denominator);
  return ratios.length === 0 ? Number.NaN : median(ratios);
}

/** `numerator[r] / denominator[r]` for every round both lists have. */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): number[] {
  const n = Math.min(numerator.length, denominator.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(numerator[i]! / denominator[i]!);
  return ratios;
}

/** Times `ops` runs of `op` one after another; the sample is the time per op. */
export async function sequentialRound(ops: number, op: () => Promise<unknown>): Promise<Sample> {
  const started = performance.now();
  for (let i = 0; i < ops; i++) await op();
  return { ms: (performance.now() - started) / ops };
}

/**
 * Times `ops` runs each of `a` and `b` one after another, interleaved op by op (a b, b a, a b, …), so both see the
 * same moments of a shared machine: slow drifts between two separate rounds, which swing a ratio of two
 * ~200 µs-per-op cases by ±15 %, hit both alike. The samples are the mean time per op of `a` and of `b`.
 */
export async function interleavedPairRound(
  ops: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[Sample, Sample]> {
  let aMs = 0;
  let bMs = 0;
  for (let i = 0; i < ops; i++) {
    const aFirst = i % 2 === 0;
    const t0 = performance.now();
    await (aFirst ? a() : b());
    const t1 = performance.now();
    await (aFirst ? b() : a());
    const t2 = performance.now();
    if (aFirst) {
      aMs += t1 - t0;
      bMs += t2 - t1;
    } else {
      bMs += t1 - t0;
      aMs += t2 - t1;
    }
  }
  return [{ ms: aMs / ops }, { ms: bMs / ops }];
}

/** Times `ops` runs of `op` by `concurrency` workers; the sample is the wall time per op (inverse throughput). */
export async function concurrentRound(
  ops: number,
  concurrency: number,
  op: () => Promise<unknown>,
): Promise<Sample> {
  let next = 0;
  const worker = async () => {
    while (next < ops) {
      next++;
      await op();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, ops) }, worker));
  return { ms: (performance.now() - started) / ops };
}

/**
 * Measures the cases of one benchmark: `warmup` unmeasured rounds of every case, then `rounds` measured rounds
 * interleaved across cases ({@link roundOrder}). Ratios are taken against the baseline of each case's group.
 */
export async function measure(cases: readonly BenchCase[], plan: RoundPlan): Promise<CaseResult[]> {
  for (let i = 0; i < plan.warmup; i++) {
    for (const c of cases) await c.round();
  }
  const samples = cases.map(() => [] as number[]);
  const stopAt = performance.now() + (plan.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  for (let r = 0; r < plan.rounds && (r === 0 || performance.now() < stopAt); r++) {
    for (const i of roundOrder(cases.length, r)) samples[i]!.push((await cases[i]!.round()).ms);
  }
  return summarize(cases.map((c, i) => ({ ...c, samples: samples[i]! })));
}

/** A case's measured unit times, for {@link summarize}. */
export interface CaseSamples {
  name: string;
  group: string;
  baseline: boolean;
  opsPerUnit: number;
  /** Unit time of each measured round, ms. */
  samples: readonly number[];
}

/** Medians, p90s, ops/s and ratios (against each group's baseline) of measured cases. */
export function summarize(cases: readonly CaseSamples[]): CaseResult[] {
  const medians = cases.map((c) => median(c.samples));
  return cases.map((c, i) => {
    const base = cases.findIndex((b) => b.baseline && b.group === c.group);
    const medianMs = medians[i]!;
    return {
      name: c.name,
      group: c.group,
      baseline: c.baseline,
      runs: c.samples.length,
      medianMs,
      p90Ms: percentile(c.samples, 90),
      opsPerSec: c.opsPerUnit > 0 && medianMs > 0 ? (c.opsPerUnit * 1000) / medianMs : null,
      ratio: base === -1 ? Number.NaN : medianMs / medians[base]!,
      samples: [...c.samples],
    };
  });
}
