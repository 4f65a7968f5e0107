#!/usr/bin/env node
/**
 * Entry of the `client` benchmark's worker process. Argument: a JSON `WorkerConfig`. Prints one JSON
 * `WorkerResult` line and exits; exits early when the parent goes away.
 */
import { exitWithParent } from "../processes/parent-watch.js";
import type { WorkerConfig } from "./protocol.js";
import { runWorker } from "./worker.js";

exitWithParent();
const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const result = await runWorker(config, process.env.BENCH_API_KEY ?? "");
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
