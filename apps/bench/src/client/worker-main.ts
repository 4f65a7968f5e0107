#!/usr/bin/env node
/**
 * Entry of the `client` benchmark's worker process. Argument: a JSON `WorkerConfig`; the service key comes in
 * `BENCH_API_KEY`. Prints one JSON `WorkerResult` line and exits; exits early when the parent goes away.
 */
import { childMain } from "../processes/child-main.js";
import type { WorkerConfig } from "./protocol.js";
import { runWorker } from "./worker.js";

await childMain(() =>
  runWorker(JSON.parse(process.argv[2] ?? "{}") as WorkerConfig, process.env.BENCH_API_KEY ?? ""),
);
