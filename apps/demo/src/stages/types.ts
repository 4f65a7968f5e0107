import type { DevServer } from "@highflame/devserver";
import type { Highflame } from "@highflame/sdk";
import type { LogEntry } from "../environment.js";
import type { DemoExpectations } from "../expectations.js";
import type { Reporter } from "../report/reporter.js";

/** One expectation of a stage and whether it held. */
export interface Check {
  /** What was expected, in words. */
  label: string;
  ok: boolean;
  /** What was observed. */
  actual: string;
  /** What was expected. */
  expected: string;
}

/** Everything a stage may use. */
export interface StageContext {
  /** The one shared client of the process. */
  client: Highflame;
  /** The in-process local server (absent against a remote deployment). */
  dev: DevServer | undefined;
  /** Base URL of Shield. */
  baseUrl: string;
  /** Expectations of every stage (defaults, possibly overridden). */
  expectations: DemoExpectations;
  /** Where the stage prints. */
  report: Reporter;
  /** SDK log lines captured so far (the demo routes the SDK logger here). */
  logs: LogEntry[];
  /** A short id unique to this run, used to keep session ids and agent names apart between runs. */
  runId: string;
}

/** A stage of the walkthrough. */
export interface Stage {
  /** Short machine name (`rollout`), used in the summary and by `--only`. */
  name: string;
  /** Title printed above the stage. */
  title: string;
  /** Runs the stage, prints its tables and returns the checks. Unexpected errors fail the stage. */
  run(ctx: StageContext): Promise<Check[]>;
}

/** Builds a check comparing an observed value with the expected one (by JSON equality). */
export function check(label: string, actual: unknown, expected: unknown): Check {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  return { label, ok: a === e, actual: show(actual), expected: show(expected) };
}

/** Builds a check from a condition, with a description of the observed value. */
export function checkThat(label: string, ok: boolean, actual: unknown, expected: string): Check {
  return { label, ok, actual: show(actual), expected };
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
