import type { Logger } from "@highflame/sdk";

/** A logger that drops everything (the benchmarks measure the SDK, not console output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
