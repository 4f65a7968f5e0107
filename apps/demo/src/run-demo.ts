import { randomBytes } from "node:crypto";
import { type DemoEnvironment, openEnvironment } from "./environment.js";
import { type ExpectationOverrides, resolveExpectations } from "./expectations.js";
import { Reporter, type StageOutcome } from "./report/reporter.js";
import { STAGES } from "./stages/index.js";
import type { Stage } from "./stages/types.js";

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Receives the printed report. Default: `process.stdout.write`. */
  write?: (text: string) => void;
  /** Colour the report. Default false. */
  color?: boolean;
  /** Stage names to run. Default: all, in order. */
  only?: readonly string[];
  /** Changes to the expectations (a changed expectation makes its stage fail). Default none. */
  expectations?: ExpectationOverrides;
  /** Environment variables to read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Use this environment instead of opening one (it is not closed). Default: open one. */
  environment?: DemoEnvironment;
}

/** Result of a run. */
export interface DemoResult {
  /** True when every stage behaved as expected. */
  ok: boolean;
  outcomes: StageOutcome[];
  /** Names of stages that did not behave as expected. */
  failed: string[];
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs the walkthrough: opens the environment, runs the stages, prints the report and the summary. */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const report = new Reporter(write, options.color ?? false);
  const expectations = resolveExpectations(options.expectations);
  const stages: Stage[] = options.only?.length
    ? STAGES.filter((s) => options.only!.includes(s.name))
    : [...STAGES];
  const env = options.environment ?? (await openEnvironment(options.env));
  const runId = randomBytes(4).toString("hex");
  report.banner("Highflame SDK — rollout walkthrough", [
    env.target === "local"
      ? `local server in-process at ${env.baseUrl} (set HIGHFLAME_API_KEY and HIGHFLAME_BASE_URL to use a deployment)`
      : `deployment at ${env.baseUrl} (from HIGHFLAME_BASE_URL)`,
    `run ${runId} · ${stages.length} stage(s): ${stages.map((s) => s.name).join(", ")}`,
  ]);
  const outcomes: StageOutcome[] = [];
  try {
    for (const [index, stage] of stages.entries()) {
      report.stage(index + 1, stages.length, stage.title);
      const started = performance.now();
      let checks: StageOutcome["checks"] = [];
      let error: string | undefined;
      try {
        checks = await stage.run({
          client: env.client,
          dev: env.dev,
          baseUrl: env.baseUrl,
          expectations,
          report,
          logs: env.logs,
          runId,
        });
      } catch (caught) {
        error = errorMessage(caught);
      }
      report.checks(checks);
      if (error) report.error(error);
      outcomes.push({
        name: stage.name,
        title: stage.title,
        ok: !error && checks.length > 0 && checks.every((c) => c.ok),
        checks,
        error,
        durationMs: Math.round(performance.now() - started),
      });
    }
  } finally {
    if (!options.environment) await env.close();
  }
  report.summary(outcomes);
  const failed = outcomes.filter((o) => !o.ok).map((o) => o.name);
  return { ok: failed.length === 0, outcomes, failed };
}
