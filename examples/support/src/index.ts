/**
 * Shared plumbing of the runnable examples: one client built from options or `HIGHFLAME_*` variables, and
 * running `main()` when a file is the entry point.
 *
 * @packageDocumentation
 */
export { connect, type ExampleOptions, runIfEntry } from "./connect.js";
