import { type DevServer, startDevServer } from "@highflame/devserver";
import { Highflame, type HighflameOptions } from "@highflame/sdk";
import { silentLogger } from "./silent-logger.js";

/** Counts requests the dev server finished, by `"METHOD /path status"`, from its one-line request log. */
export class RequestCounter {
  readonly #counts = new Map<string, number>();

  /** Feeds one dev server log line, e.g. `POST /oauth2/token 200 3ms`. */
  record(line: string): void {
    const match = /^([A-Z]+) (\S+) (\d{3}) /.exec(line);
    if (!match) return;
    const key = `${match[1]} ${match[2]} ${match[3]}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Requests seen for a method and path, with the given status or (default) any status. */
  count(method: string, path: string, status?: number): number {
    let total = 0;
    for (const [key, n] of this.#counts) {
      const [m, p, s] = key.split(" ");
      if (m === method && p === path && (status === undefined || s === String(status))) total += n;
    }
    return total;
  }
}

export { silentLogger };

/** The in-process dev server every benchmark talks to over 127.0.0.1. */
export interface BenchEnvironment {
  dev: DevServer;
  /** Requests the server finished (token exchanges, guard calls, …). */
  requests: RequestCounter;
  /** Path of the token endpoint on {@link BenchEnvironment.dev}. */
  tokenPath: string;
  /** A new SDK client for the dev server's seeded tenant (the caller closes it). */
  newClient(options?: Partial<HighflameOptions>): Highflame;
  close(): Promise<void>;
}

/** Starts the dev server on a free loopback port. */
export async function openEnvironment(): Promise<BenchEnvironment> {
  const requests = new RequestCounter();
  const dev = await startDevServer({ port: 0, host: "127.0.0.1", log: (line) => requests.record(line) });
  const tokenPath = "/oauth2/token";
  return {
    dev,
    requests,
    tokenPath,
    newClient: (options = {}) =>
      new Highflame({
        apiKey: dev.apiKey,
        baseUrl: dev.url,
        tokenUrl: `${dev.url}${tokenPath}`,
        accountId: dev.accountId,
        projectId: dev.projectId,
        logger: silentLogger,
        zeroid: { baseUrl: dev.url },
        ...options,
      }),
    close: () => dev.close(),
  };
}
