#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { FaultConfig } from "./faults/index.js";
import { observatoryCliOptions } from "./observatory/cli-options.js";
import { type DevServerOptions, startDevServer } from "./server.js";

const HELP = `highflame-dev — local Highflame server (ZeroID + Shield on one port)

Usage: highflame-dev [options]

  --port N             port to listen on (default 8899; 0 = ephemeral)
  --host HOST          interface to bind (default 127.0.0.1)
  --policies FILE      Cedar policy file replacing the default Shield policies
  --allow-no-policies  start even if the policies contain no forbid policy (allows everything)
  --state FILE         persist ZeroID state (identities, keys, credentials) to FILE
  --api-key KEY        service key to seed for the default tenant (default: generated)
  --admin-key KEY      protect the ZeroID admin API and /_dev/faults with KEY
  --admin-prefix P     ZeroID admin path prefix (default /api/v1)
  --sse-vocabulary V   default Shield SSE vocabulary: docs | rust (default docs)
  --latency MS         add MS milliseconds of latency to every response
  --error-rate R       answer a fraction R (0..1) of requests with --error-status
  --error-status N     status of injected errors (default 503)
  --drop-rate R        drop a fraction R (0..1) of connections without a response
  --observatory-port N   port of the observatory page and API on 127.0.0.1 (default: --port + 1, i.e. 8900;
                         ephemeral when --port is 0; off = no observatory)
  --observatory-events N events the observatory keeps (default 5000; the oldest are dropped)
  --observatory-content C  redacted (default: secrets and PII masked, cut to 512 chars) | off (keep no content)
  --quiet              do not log requests
  --help               show this help
`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

// Parses argv into server options; throws with a usage message on bad input.
function parseCliArgs(argv: string[]): { help: boolean; quiet: boolean; options: DevServerOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string", default: "8899" },
      host: { type: "string", default: "127.0.0.1" },
      policies: { type: "string" },
      "allow-no-policies": { type: "boolean", default: false },
      state: { type: "string" },
      "api-key": { type: "string" },
      "admin-key": { type: "string" },
      "admin-prefix": { type: "string" },
      "sse-vocabulary": { type: "string" },
      latency: { type: "string" },
      "error-rate": { type: "string" },
      "error-status": { type: "string" },
      "drop-rate": { type: "string" },
      "observatory-port": { type: "string" },
      "observatory-events": { type: "string" },
      "observatory-content": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const port = number("port", values.port);
  if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535`);
  }
  const vocabulary = values["sse-vocabulary"];
  if (vocabulary !== undefined && vocabulary !== "docs" && vocabulary !== "rust") {
    throw new Error(`--sse-vocabulary must be docs or rust`);
  }
  const observatory = observatoryCliOptions({
    port: values["observatory-port"],
    events: values["observatory-events"],
    content: values["observatory-content"],
    apiPort: port,
  });
  const faults: FaultConfig = {
    latencyMs: number("latency", values.latency),
    errorRate: number("error-rate", values["error-rate"]),
    errorStatus: number("error-status", values["error-status"]),
    dropRate: number("drop-rate", values["drop-rate"]),
  };
  return {
    help: values.help ?? false,
    quiet: values.quiet ?? false,
    options: {
      port,
      host: values.host,
      policiesFile: values.policies,
      allowNoPolicies: values["allow-no-policies"],
      stateFile: values.state,
      apiKey: values["api-key"],
      adminKey: values["admin-key"],
      adminPathPrefix: values["admin-prefix"],
      sseVocabulary: vocabulary,
      faults,
      ...(observatory ? { observatory } : {}),
    },
  };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`highflame-dev: ${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return;
  }
  const log = parsed.quiet ? undefined : (line: string) => process.stderr.write(`[highflame-dev] ${line}\n`);
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    server = await startDevServer({ ...parsed.options, log });
  } catch (err) {
    process.stderr.write(`highflame-dev: failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(
    [
      `highflame-dev listening on ${server.url}`,
      `  HIGHFLAME_BASE_URL=${server.url}`,
      `  HIGHFLAME_TOKEN_URL=${server.url}/oauth2/token`,
      `  HIGHFLAME_API_KEY=${server.apiKey}`,
      `  HIGHFLAME_ACCOUNT_ID=${server.accountId}`,
      `  HIGHFLAME_PROJECT_ID=${server.projectId}`,
      ...(server.observatory ? [`observatory: ${server.observatory.url}`] : []),
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`highflame-dev: ${signal}, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
