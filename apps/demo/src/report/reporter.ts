import type { Check } from "../stages/types.js";
import { createStyler, type Style, type Styler } from "./style.js";
import { type Cell, renderTable } from "./table.js";

/** Outcome of one stage, for the summary. */
export interface StageOutcome {
  name: string;
  title: string;
  ok: boolean;
  checks: Check[];
  /** Message of an unexpected error that ended the stage. */
  error?: string | undefined;
  durationMs: number;
}

/** Prints the walkthrough: stage headers, tables, notes, checks and the summary. No stack traces. */
export class Reporter {
  readonly style: Styler;
  readonly #write: (text: string) => void;

  /**
   * @param write - Receives whole lines (with a trailing newline).
   * @param color - Colour the output (see `shouldColor`).
   */
  constructor(write: (text: string) => void, color: boolean) {
    this.#write = write;
    this.style = createStyler(color);
  }

  /** A plain line. */
  line(text = ""): void {
    this.#write(`${text}\n`);
  }

  /** The banner at the top of the run. */
  banner(title: string, lines: string[]): void {
    this.line(this.style("bold", title));
    for (const l of lines) this.line(`  ${this.style("dim", l)}`);
  }

  /** The header of stage `index`. */
  stage(index: number, total: number, title: string): void {
    this.line();
    this.line(this.style("cyan", this.style("bold", `━━ Stage ${index}/${total} · ${title}`)));
  }

  /** An explanatory note (dim). */
  note(text: string): void {
    this.line(`  ${this.style("dim", text)}`);
  }

  /** A key/value list. */
  facts(pairs: [string, string][]): void {
    const width = Math.max(...pairs.map(([k]) => k.length));
    for (const [k, v] of pairs) this.line(`  ${this.style("dim", k.padEnd(width))}  ${v}`);
  }

  /** A table with a caption. */
  table(caption: string, header: readonly string[], rows: readonly (readonly Cell[])[]): void {
    this.line();
    this.line(`  ${this.style("bold", caption)}`);
    this.line(renderTable(header, rows, this.style));
  }

  /** The checks of a stage, each with ✔ or ✖. */
  checks(checks: Check[]): void {
    this.line();
    for (const c of checks) {
      const mark = c.ok ? this.style("green", "✔") : this.style("red", "✖");
      const detail = c.ok ? this.style("dim", `(${c.actual})`) : `expected ${c.expected}, got ${c.actual}`;
      this.line(`  ${mark} ${c.label} ${detail}`);
    }
  }

  /** An unexpected error that ended a stage: its class and message only. */
  error(message: string): void {
    this.line(`  ${this.style("red", "✖ stage stopped by an unexpected error:")} ${message}`);
  }

  /** The final summary table and verdict. */
  summary(outcomes: StageOutcome[]): void {
    this.line();
    this.line(this.style("bold", "━━ Summary"));
    this.line(
      renderTable(
        ["stage", "result", "checks", "time"],
        outcomes.map((o) => [
          o.name,
          o.ok ? { text: "as expected", style: "green" as Style } : { text: "FAILED", style: "red" as Style },
          `${o.checks.filter((c) => c.ok).length}/${o.checks.length}${o.error ? " + error" : ""}`,
          `${o.durationMs} ms`,
        ]),
        this.style,
      ),
    );
    const failed = outcomes.filter((o) => !o.ok).map((o) => o.name);
    this.line();
    if (failed.length === 0) {
      this.line(this.style("green", `✔ All ${outcomes.length} stages behaved as expected.`));
    } else {
      this.line(this.style("red", `✖ Stage(s) not as expected: ${failed.join(", ")}`));
    }
  }
}
