import { type DevServer, type DevServerOptions, startDevServer } from "@highflame/devserver";
import { type GuardRequest, ShieldClient } from "@highflame/shield";
import { type CapturingLogger, createCapturingLogger } from "@highflame/testing";
import type { GuardClientLike } from "../src/index.js";

/** True on the Node majors the current framework majors support (openai 7, agents, Strands, Azure: >= 22). */
export const NODE_MAJOR = Number(process.versions.node.split(".")[0]);
export const BELOW_22 = NODE_MAJOR < 22;

/** The local Highflame dev server plus a real ShieldClient, recording every guard request it sends. */
export interface DevHarness extends AsyncDisposable {
  server: DevServer;
  /** What the adapters take: the client's guard (recording) and its logger. */
  client: GuardClientLike;
  logger: CapturingLogger;
  /** Guard requests sent, in order (as the client serialised them). */
  sent: GuardRequest[];
  /** Sent requests of one check kind (`metadata.check`). */
  ofKind(kind: string): GuardRequest[];
  /** Request log lines of the dev server. */
  lines: string[];
}

/** Starts `startDevServer({ port: 0 })` (default Cedar policies) and a ShieldClient for its default tenant. */
export async function devHarness(options: DevServerOptions = {}): Promise<DevHarness> {
  const lines: string[] = [];
  const server = await startDevServer({ port: 0, ...options, log: (line) => lines.push(line) });
  const logger = createCapturingLogger();
  const shield = new ShieldClient({
    apiKey: server.apiKey,
    baseUrl: server.url,
    tokenUrl: `${server.url}/oauth2/token`,
    maxRetries: 0,
    logger,
    logLevel: "off",
  });
  const sent: GuardRequest[] = [];
  const client: GuardClientLike = {
    guard: {
      evaluate(request, callOptions) {
        sent.push(structuredClone(request));
        return shield.guard.evaluate(request, callOptions);
      },
    },
    logger,
  };
  return {
    server,
    client,
    logger,
    sent,
    lines,
    ofKind: (kind) => sent.filter((r) => (r.metadata as Record<string, unknown> | undefined)?.check === kind),
    async [Symbol.asyncDispose]() {
      await shield.close();
      await server.close();
    },
  };
}
