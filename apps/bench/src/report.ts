import type { CaseResult } from "./measure.js";

/** A correctness check of a benchmark; a failed check makes the run exit non-zero. */
export interface Check {
  /** What was checked, e.g. `"token exchanges per cold burst"`. */
  name: string;
  ok: boolean;
  /** What was seen, e.g. `"1 (rounds: 1, 1, 1)"`. */
  detail: string;
}

/** Outcome of one benchmark. */
export interface BenchReport {
  /** CLI name, e.g. `"guard"`. */
  name: string;
  /** One-line description printed above the table. */
  title: string;
  cases: CaseResult[];
  checks: Check[];
}

/** Formats a duration in ms with a unit that keeps 3 significant digits readable. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

function formatOps(opsPerSec: number | null): string {
  if (opsPerSec === null) return "-";
  return opsPerSec >= 100 ? Math.round(opsPerSec).toLocaleString("en-US") : opsPerSec.toFixed(1);
}

/** Ratio as printed, e.g. `1.37x`. */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "-";
}

/** The text table of one benchmark, its checks below it. */
export function formatReport(report: BenchReport): string {
  const header = ["case", "runs", "median", "p90", "ops/s", "ratio"];
  const rows = report.cases.map((c) => [
    c.baseline ? `${c.name} (baseline)` : c.name,
    String(c.runs),
    formatDuration(c.medianMs),
    formatDuration(c.p90Ms),
    formatOps(c.opsPerSec),
    formatRatio(c.ratio),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [`== ${report.name}: ${report.title}`, line(header), ...rows.map(line)];
  for (const check of report.checks) {
    out.push(`check ${report.name}: ${check.name}: ${check.detail} ${check.ok ? "ok" : "FAILED"}`);
  }
  return `${out.join("\n")}\n`;
}
