import { parseArgs } from "node:util";
import { applyV8Workaround, V8_WORKAROUND_FLAG } from "@highflame/devserver";
import { BENCHMARKS } from "./benches/index.js";
import type { Benchmark, BenchScale } from "./benchmark.js";
import { type BenchEnvironment, openEnvironment } from "./environment.js";
import { describeMachine, loadAverage1m, type Machine } from "./machine.js";
import { detectPinning, type Pinning } from "./processes/pinning.js";
import { type BenchReport, formatRatios, formatReport } from "./report.js";
import type { RatioResult } from "./targets.js";

const USAGE = `Usage: node apps/bench/dist/main.js [--quick | --tiny] [--only <name,...>] [--json] [--help]

Measures SDK paths against baselines measured in the same run, on 127.0.0.1 only: a minimal guard server in its
own process (client, cold-start) or the local dev server in this process (verify, guard, token-cache). Prints
tables with units, ratios (> 1.00x: more than the baseline) and issue 9's targets as PASS/MISS.

Benchmarks: ${BENCHMARKS.map((b) => b.name).join(", ")}
  --quick   fewer, smaller rounds (CI smoke run); the correctness checks still run in full
  --tiny    the smallest run that exercises every path (the test suite's); its numbers mean nothing
  --only    run only these benchmarks
  --json    print one JSON document instead of tables
Exit status: 0 when every correctness check held (speed and targets never fail a run), 1 otherwise, 2 on bad
usage.`;

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
  scale: BenchScale;
  node: string;
  cpus: number;
  machine: Machine;
  pinning: Pinning;
  /** 1-minute load average when the run ended (`machine.loadAverage1m` is the one at the start). */
  loadAverageEnd1m: number;
  benchmarks: BenchReport[];
  /** Every ratio that has a target, across benchmarks, with PASS (`pass: true`) or MISS. */
  targets: (RatioResult & { benchmark: string })[];
}

/** The benchmark command line. Returns the exit status. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const writeError = options.writeError ?? ((text: string) => void process.stderr.write(text));
  let values: { quick?: boolean; tiny?: boolean; only?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: "boolean" },
        tiny: { type: "boolean" },
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
  if (values.quick && values.tiny) {
    writeError(`--quick and --tiny exclude each other\n\n${USAGE}\n`);
    return 2;
  }
  const scale: BenchScale = values.tiny ? "tiny" : values.quick ? "quick" : "full";
  const quick = scale !== "full";
  const json = values.json ?? false;
  const machine = describeMachine();
  const pinning = detectPinning();
  applyV8Workaround();
  if (!json) {
    write(
      `node ${machine.node} (${V8_WORKAROUND_FLAG} in this process), ${machine.cpuModel}, ${machine.cpus} cpus, ` +
        `${machine.platform}, ${scale} run, load average ${machine.loadAverage1m} at start\n${pinning.description}\n`,
    );
  }

  let env: Promise<BenchEnvironment> | undefined;
  const openEnv = () => {
    env ??= openEnvironment();
    return env;
  };
  const reports: BenchReport[] = [];
  try {
    for (const bench of selected) {
      const report = await bench.run(openEnv, { quick, scale, pinning });
      reports.push(report);
      if (!json) write(`\n${formatReport(report)}`);
    }
  } catch (error) {
    writeError(
      `bench failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    return 1;
  } finally {
    if (env) await (await env.catch(() => undefined))?.close();
  }
  const failed = reports.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.name}`));
  const ok = failed.length === 0;
  const targets = reports.flatMap((r) =>
    (r.ratios ?? []).filter((x) => x.target).map((x) => ({ ...x, benchmark: r.name })),
  );
  if (json) {
    const output: JsonOutput = {
      ok,
      quick,
      scale,
      node: machine.node,
      cpus: machine.cpus,
      machine,
      pinning,
      loadAverageEnd1m: loadAverage1m(),
      benchmarks: reports,
      targets,
    };
    write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    if (targets.length > 0) {
      const passed = targets.filter((t) => t.pass).length;
      const lines = formatRatios(targets.map((t) => ({ ...t, name: `${t.benchmark}: ${t.name}` })));
      write(`\n== targets (issue 9): ${passed} of ${targets.length} PASS\n${lines.join("\n")}\n`);
    }
    write(
      `\nload average ${machine.loadAverage1m} at start, ${loadAverage1m()} at end (${machine.cpus} cpus)\n`,
    );
    write(ok ? "\nall correctness checks held\n" : "");
  }
  if (!ok) writeError(`correctness check(s) failed: ${failed.join("; ")}\n`);
  return ok ? 0 : 1;
}
