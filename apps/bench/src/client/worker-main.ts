#!/usr/bin/env node
/**
 * Entry of one case worker of the `client` benchmark. Argument: a JSON `CaseWorkerArgs`; the service key comes in
 * `BENCH_API_KEY`. Reads one JSON `WorkerCommand` per stdin line, runs it, and answers with one JSON line on
 * stdout before reading the next. Its first line is `READY_LINE`. Exits 0 after `finish` or when stdin closes (the parent went away); on any error
 * writes it to stderr and exits 1.
 */
import { createInterface } from "node:readline";
import { describeError } from "../processes/child-main.js";
import { type CaseWorkerArgs, READY_LINE, type WorkerCommand } from "./protocol.js";
import { CaseWorker } from "./worker.js";

/** Longest command line accepted, characters (commands are a few dozen). */
const MAX_COMMAND_CHARS = 4096;

function fail(error: unknown): never {
  process.stderr.write(`${describeError(error)}\n`);
  process.exit(1);
}

let worker: CaseWorker;
try {
  worker = new CaseWorker(
    JSON.parse(process.argv[2] ?? "{}") as CaseWorkerArgs,
    process.env.BENCH_API_KEY ?? "",
  );
} catch (error) {
  fail(error);
}

process.stdout.write(`${READY_LINE}\n`);
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on("close", () => process.exit(0)); // the parent closed our stdin or died
try {
  for await (const line of lines) {
    if (line.length > MAX_COMMAND_CHARS) throw new Error(`command line of ${line.length} characters`);
    const command = JSON.parse(line) as WorkerCommand;
    const reply = await worker.handle(command);
    process.stdout.write(`${JSON.stringify(reply)}\n`);
    if (command.cmd === "finish") process.exit(0);
  }
} catch (error) {
  await worker.close().catch(() => {});
  fail(error);
}
