#!/usr/bin/env node
/**
 * One cold-import sample, in a fresh process: imports the module at `argv[2]` (an absolute file URL) and prints
 * `{"importMs":…,"sinceStartMs":…}`: the import alone, and the time from process start until it finished.
 * Nothing else is imported first, so the module's whole graph is loaded and evaluated cold.
 */
const started = performance.now();
try {
  await import(process.argv[2] ?? "");
} catch (error) {
  process.stderr.write(
    `import of ${process.argv[2]} failed: ${error instanceof Error ? error.message : error}\n`,
  );
  process.exit(1);
}
const done = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: done - started, sinceStartMs: done })}\n`);
