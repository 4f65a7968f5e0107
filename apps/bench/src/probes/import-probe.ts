#!/usr/bin/env node
/**
 * One cold-import sample, in a fresh process: imports the module at `argv[2]` (an absolute file URL) and prints
 * `{"importMs":…,"sinceStartMs":…}`: the import alone, and the time from process start until it finished.
 * Nothing else is imported first, so the module's whole graph is loaded and evaluated cold.
 */
const started = performance.now();
await import(process.argv[2] ?? "");
const done = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: done - started, sinceStartMs: done })}\n`);
