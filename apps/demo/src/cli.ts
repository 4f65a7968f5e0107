import { parseArgs } from "node:util";
import { openEnvironment } from "./environment.js";
import type { ExpectationOverrides } from "./expectations.js";
import { shouldColor } from "./report/style.js";
import { runDemo } from "./run-demo.js";
import { STAGES } from "./stages/index.js";

const USAGE = `Usage: node apps/demo/dist/main.js [--only <stage,...>] [--observe] [--help]

Walks through the Highflame SDK's production patterns against the local server (started in-process on a free
port), or against a deployment when HIGHFLAME_API_KEY and HIGHFLAME_BASE_URL are set.

--observe  keep the local server running after the walkthrough and print the observatory's URL (the page
           with the demo's traffic: what enforcing each policy would block, and how much of it is benign);
           Ctrl-C stops it. Local server only.

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
  /**
   * With `--observe`: resolves when the kept-running server should stop. Default: on SIGINT or SIGTERM.
   * Receives the observatory's URL.
   */
  untilStopped?: (observatoryUrl: string) => Promise<void>;
}

/** Waits for Ctrl-C (SIGINT) or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}

/** The demo's command line. Returns the exit status. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const writeError = options.writeError ?? ((text: string) => void process.stderr.write(text));
  let values: { only?: string | undefined; help?: boolean | undefined; observe?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        only: { type: "string" },
        help: { type: "boolean", short: "h" },
        observe: { type: "boolean" },
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
  if (values.observe && env.HIGHFLAME_API_KEY && env.HIGHFLAME_BASE_URL) {
    writeError(`--observe needs the in-process local server: unset HIGHFLAME_API_KEY / HIGHFLAME_BASE_URL\n`);
    return 2;
  }
  try {
    const environment = values.observe ? await openEnvironment(env, { observe: true }) : undefined;
    try {
      const result = await runDemo({
        write,
        color: options.color ?? shouldColor(process.stdout, env),
        env,
        ...(only ? { only } : {}),
        ...(options.expectations ? { expectations: options.expectations } : {}),
        ...(environment ? { environment } : {}),
      });
      if (!result.ok)
        writeError(`demo failed: stage(s) ${result.failed.join(", ")} did not behave as expected\n`);
      const url = environment?.dev?.observatory?.url;
      if (url) {
        write(
          `\nObservatory (the local server keeps running; Ctrl-C stops it):\n  ${url}\n` +
            `  Go-live answers: what would enforcing each policy block, and was any of it labelled benign?\n`,
        );
        await (options.untilStopped ?? untilSignal)(url);
      }
      return result.ok ? 0 : 1;
    } finally {
      await environment?.close();
    }
  } catch (error) {
    // Could not even start (e.g. bad HIGHFLAME_* settings): one line, no stack trace.
    writeError(
      `demo could not start: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    return 1;
  }
}
