/** A speed target from the issue, e.g. "throughput at c=64 ≥ 1.3× raw undici". */
export interface Target {
  /** `">="`: the ratio must be at least `threshold`; `"<="`: at most. */
  comparator: ">=" | "<=";
  /** The bound, as a ratio (e.g. `1.3`). */
  threshold: number;
}

import { median, pairedRatios } from "./measure.js";

/** A ratio a benchmark reports, with its target when it has one. */
export interface RatioResult {
  /** What is compared, e.g. `"throughput c=64: sdk / raw undici"`. */
  name: string;
  /** The ratio (median of per-round ratios); `NaN` when it could not be computed. */
  value: number;
  /** Lowest and highest per-round ratio: how much the rounds disagreed (a wide range = a noisy run). */
  range?: [number, number] | undefined;
  /** The target, if the issue sets one for this ratio. */
  target?: Target | undefined;
  /** `true` when the target holds, `false` when missed (a `NaN` misses), `undefined` when there is no target. */
  pass?: boolean | undefined;
}

/** Whether `value` meets `target` (a non-finite value never does). */
export function meets(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  return target.comparator === ">=" ? value >= target.threshold : value <= target.threshold;
}

/** A ratio with its target evaluated. */
export function ratioResult(name: string, value: number, target?: Target): RatioResult {
  return target ? { name, value, target, pass: meets(value, target) } : { name, value };
}

/**
 * The ratio of two cases measured in the same rounds: the median of `numerator[r] / denominator[r]`, with the
 * range of the per-round ratios, and its target evaluated.
 */
export function pairedRatioResult(
  name: string,
  numerator: readonly number[],
  denominator: readonly number[],
  target?: Target,
): RatioResult {
  const ratios = pairedRatios(numerator, denominator);
  if (ratios.length === 0) return ratioResult(name, Number.NaN, target);
  return { ...ratioResult(name, median(ratios), target), range: [Math.min(...ratios), Math.max(...ratios)] };
}

/** The target as printed, e.g. `≥ 1.30x`. */
export function formatTarget(target: Target | undefined): string {
  if (!target) return "-";
  return `${target.comparator === ">=" ? "≥" : "≤"} ${target.threshold.toFixed(2)}x`;
}

/** `PASS`, `MISS` or `-` (no target). */
export function formatVerdict(ratio: RatioResult): string {
  if (ratio.pass === undefined) return "-";
  return ratio.pass ? "PASS" : "MISS";
}
