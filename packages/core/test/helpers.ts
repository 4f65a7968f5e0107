import {
  type CapturingLogger,
  createCapturingLogger,
  startTestServer,
  type TestServer,
} from "@highflame/testing";
import { afterEach } from "vitest";
import { HttpClient, type HttpClientOptions } from "../src/index.js";

/** Header that makes a retryable response wait 1 ms instead of the 0.5 s backoff. */
export const FAST = { "retry-after-ms": "1" } as const;

/** Starts servers and clients for one test file and closes them after each test (servers first). */
export function harness() {
  const servers: TestServer[] = [];
  const clients: HttpClient[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  return {
    async server(): Promise<TestServer> {
      const server = await startTestServer();
      servers.push(server);
      return server;
    },
    /** A client on `server` logging at debug into a capturing logger. */
    client(
      server: TestServer | string,
      options: Partial<HttpClientOptions> = {},
    ): { client: HttpClient; logger: CapturingLogger } {
      const logger = createCapturingLogger();
      const client = new HttpClient({
        baseUrl: typeof server === "string" ? server : server.url,
        logger,
        logLevel: "debug",
        ...options,
      });
      clients.push(client);
      return { client, logger };
    },
  };
}

/** Polls until `condition` holds (bounded by the test timeout, not asserted on). */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The rejection of `promise`; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** Waits `ms` (used only to give a wrongly scheduled extra attempt the chance to show up). */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delays the client announced in its "retrying in N ms" log lines. */
export function loggedDelays(logger: CapturingLogger): number[] {
  return logger.entries.flatMap((e) => {
    const match = /retrying in (-?\d+) ms/.exec(e.message);
    return match ? [Number(match[1])] : [];
  });
}

/** A logger that aborts `controller` as soon as the client announces a retry (i.e. at the start of backoff). */
export function abortOnRetry(controller: AbortController): CapturingLogger {
  const logger = createCapturingLogger();
  const info = logger.info;
  logger.info = (message: string, ...args: unknown[]) => {
    info(message, ...args);
    if (message.includes("retrying in")) controller.abort();
  };
  return logger;
}

export { createCapturingLogger };
