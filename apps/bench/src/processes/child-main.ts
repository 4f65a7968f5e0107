import { exitWithParent } from "./parent-watch.js";

/** One line for a child's stderr: `Name: message` (the parent shows the tail of stderr when a child fails). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The body of a child entry: exits when the parent goes away, runs `run`, prints its result as one JSON line and
 * exits 0; on an error, prints {@link describeError} as the last stderr line and exits 1.
 */
export async function childMain(run: () => Promise<unknown>): Promise<never> {
  exitWithParent();
  try {
    const result = await run();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  }
}
