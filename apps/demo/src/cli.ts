import { parseArgs } from "node:util";
import type { ExpectationOverrides } from "./expectations.js";
import { shouldColor } from "./report/style.js";
import { runDemo } from "./run-demo.js";
import { STAGES } from "./stages/index.js";

const USAGE = `Usage: node apps/demo/dist/main.js [--only <stage,...>] [--help]

Walks through the Highflame SDK's production patterns against the local server (started in-process on a free
port), or against a deployment when HIGHFLAME_API_KEY and HIGHFLAME_BASE_URL are set.

Stages: ${STAGES.map((s) => s.name).join(", ")}
Exit status: 0 when every stage behaved as expected, 1 otherwise (the failed stages are named), 2 on bad usage.
Colour: only on a terminal; NO_COLOR=1 turns it off.`;

/** Dependencies of {@link main}, replaceable in tests. */
export interface MainOptions {
  write?: (text: string) => void;
  writeError?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  color?: boolean;
  expectations?: ExpectationOverrides;
}

/** The demo's command line. Returns the exit status. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const writeError = options.writeError ?? ((text: string) => void process.stderr.write(text));
  let values: { only?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { only: { type: "string" }, help: { type: "boolean", short: "h" } },
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
  const only = values.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((name) => !STAGES.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    writeError(`Unknown stage(s): ${unknown.join(", ")}\n\n${USAGE}\n`);
    return 2;
  }
  const env = options.env ?? process.env;
  try {
    const result = await runDemo({
      write,
      color: options.color ?? shouldColor(process.stdout, env),
      env,
      ...(only ? { only } : {}),
      ...(options.expectations ? { expectations: options.expectations } : {}),
    });
    if (!result.ok)
      writeError(`demo failed: stage(s) ${result.failed.join(", ")} did not behave as expected\n`);
    return result.ok ? 0 : 1;
  } catch (error) {
    // Could not even start (e.g. bad HIGHFLAME_* settings): one line, no stack trace.
    writeError(
      `demo could not start: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    return 1;
  }
}
