import type { CaseResult } from "./measure.js";
import { formatTarget, formatVerdict, type RatioResult } from "./targets.js";

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
  /** Rows of the standard table (median, p90, ops/s, ratio); may be empty when `tables` carry the results. */
  cases: CaseResult[];
  checks: Check[];
  /** Further tables, printed after the standard one (e.g. p50/p99 and CPU per call). */
  tables?: TextTable[] | undefined;
  /** Ratios with their targets (PASS/MISS), printed as a table after the others. */
  ratios?: RatioResult[] | undefined;
  /** Lines printed under the title, e.g. how processes were pinned. */
  notes?: string[] | undefined;
}

/** A free-form table: the first column is left-aligned, the others right-aligned. */
export interface TextTable {
  /** Printed above the table, e.g. `"concurrency 1: 500 calls a round"`. */
  title: string;
  header: string[];
  rows: string[][];
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

/** Aligns `rows` under `header` (two spaces between columns). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((width, i) => {
        const cell = cells[i] ?? "";
        return i === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The ratio table: name, value, the range of the per-round ratios, target, PASS/MISS. Values have three decimals
 * so that a ratio next to its threshold never prints as the threshold with the opposite verdict.
 */
export function formatRatios(ratios: readonly RatioResult[]): string[] {
  const three = (x: number) => (Number.isFinite(x) ? `${x.toFixed(3)}x` : "-");
  return formatTable(
    ["ratio (median of per-round ratios)", "value", "rounds range", "target", "result"],
    ratios.map((r) => [
      r.name,
      three(r.value),
      r.range ? `${three(r.range[0])}–${three(r.range[1])}` : "-",
      formatTarget(r.target),
      formatVerdict(r),
    ]),
  );
}

/** The text of one benchmark: its tables, ratios and checks. */
export function formatReport(report: BenchReport): string {
  const out = [`== ${report.name}: ${report.title}`];
  for (const note of report.notes ?? []) out.push(`note: ${note}`);
  if (report.cases.length > 0) {
    const rows = report.cases.map((c) => [
      c.baseline ? `${c.name} (baseline)` : c.name,
      String(c.runs),
      formatDuration(c.medianMs),
      formatDuration(c.p90Ms),
      formatOps(c.opsPerSec),
      formatRatio(c.ratio),
    ]);
    out.push(...formatTable(["case", "runs", "median", "p90", "ops/s", "ratio"], rows));
  }
  for (const table of report.tables ?? []) {
    out.push(`-- ${table.title}`, ...formatTable(table.header, table.rows));
  }
  if (report.ratios && report.ratios.length > 0) out.push(...formatRatios(report.ratios));
  for (const check of report.checks) {
    out.push(`check ${report.name}: ${check.name}: ${check.detail} ${check.ok ? "ok" : "FAILED"}`);
  }
  return `${out.join("\n")}\n`;
}
