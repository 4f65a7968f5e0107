import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { applyV8Workaround, V8_WORKAROUND_FLAG } from "@highflame/devserver";
import { BENCHMARKS } from "./benches/index.js";
import type { Benchmark } from "./benchmark.js";
import { openEnvironment } from "./environment.js";
import { type BenchReport, formatReport } from "./report.js";

const USAGE = `Usage: node apps/bench/dist/main.js [--quick] [--only <name,...>] [--json] [--help]

Measures SDK paths against a baseline measured in the same run, on 127.0.0.1 against the local server started
in-process on a free port. Prints median, p90, ops/s and the ratio to the baseline (> 1.00x: slower).

Benchmarks: ${BENCHMARKS.map((b) => b.name).join(", ")}
  --quick   fewer, smaller rounds (CI smoke run); the correctness checks still run in full
  --only    run only these benchmarks
  --json    print one JSON document instead of tables
Exit status: 0 when every correctness check held (speed never fails a run), 1 otherwise, 2 on bad usage.`;

/** Dependencies of {@link main}, replaceable in tests. */
export interface MainOptions {
  write?: (text: string) => void;
  writeError?: (text: string) => void;
  /** Benchmarks to choose from. Default: {@link BENCHMARKS}. */
  benchmarks?: readonly Benchmark[];
}

/** The machine-readable output of `--json`. */
export interface JsonOutput {
  ok: boolean;
  quick: boolean;
  node: string;
  cpus: number;
  benchmarks: BenchReport[];
}

/** The benchmark command line. Returns the exit status. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const writeError = options.writeError ?? ((text: string) => void process.stderr.write(text));
  let values: { quick?: boolean; only?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: "boolean" },
        only: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    writeError(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    write(`${USAGE}\n`);
    return 0;
  }
  const benchmarks = options.benchmarks ?? BENCHMARKS;
  const only = values.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((name) => !benchmarks.some((b) => b.name === name)) ?? [];
  if (unknown.length > 0 || only?.length === 0) {
    writeError(`Unknown or missing benchmark name(s): ${unknown.join(", ")}\n\n${USAGE}\n`);
    return 2;
  }
  const selected = benchmarks.filter((b) => !only || only.includes(b.name));
  const quick = values.quick ?? false;
  const json = values.json ?? false;
  applyV8Workaround();
  const header = `node ${process.version} (${V8_WORKAROUND_FLAG}), ${availableParallelism()} cpus, ${quick ? "quick" : "full"} run; ratio = median / baseline median (> 1.00x: slower than the baseline)\n`;
  if (!json) write(header);

  const env = await openEnvironment();
  const reports: BenchReport[] = [];
  try {
    for (const bench of selected) {
      const report = await bench.run(env, { quick });
      reports.push(report);
      if (!json) write(`\n${formatReport(report)}`);
    }
  } catch (error) {
    writeError(
      `bench failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    return 1;
  } finally {
    await env.close();
  }
  const failed = reports.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.name}`));
  const ok = failed.length === 0;
  if (json) {
    const output: JsonOutput = {
      ok,
      quick,
      node: process.version,
      cpus: availableParallelism(),
      benchmarks: reports,
    };
    write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    write(ok ? "\nall correctness checks held\n" : "");
  }
  if (!ok) writeError(`correctness check(s) failed: ${failed.join("; ")}\n`);
  return ok ? 0 : 1;
}
