/**
 * Example: decide what happens when Shield is unreachable.
 *
 * `failMode: "closed"` (the default) throws the connection error, so nothing proceeds unguarded.
 * `failMode: "open"` returns `{ decision: "allow", degraded: true }` and logs a warning. Set it per client, per
 * Shield or per call. Other failures (401, 400, 429) always throw: they are not outages.
 */
import { createServer } from "node:net";
import { connect, type ExampleOptions, runIfEntry } from "@highflame/example-support";
import { APIConnectionError, Highflame, isDegraded, type Logger, Shield } from "@highflame/sdk";

/** What the example observed. */
export interface FailOpenClosedResult {
  open: { decision: string; degraded: boolean };
  closed: string;
  wrapperOpenRan: boolean;
  wrapperClosed: string;
  warnings: number;
}

/** A loopback port nothing listens on: stands in for a Shield outage. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Runs the example against the server in `options` (or `HIGHFLAME_*`). */
export async function main(options: ExampleOptions = {}): Promise<FailOpenClosedResult> {
  const log = options.log ?? console.log;
  const client = connect(options);
  let warnings = 0;
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (message) => {
      warnings++;
      log(`  (sdk warning) ${message}`);
    },
  };
  // Tokens still come from the real server; guard calls go to a port nothing listens on.
  const down = new Highflame({
    baseUrl: `http://127.0.0.1:${await closedPort()}`,
    tokenProvider: client.tokenProvider,
    maxRetries: 1,
    logger,
  });
  try {
    const prompt = "What is our refund policy?";
    const open = await down.guard.evaluatePrompt(prompt, { failMode: "open" });
    log(`fail-open   → ${open.decision}${isDegraded(open) ? " (degraded: Shield unreachable)" : ""}`);
    let closed = "allowed";
    try {
      await down.guard.evaluatePrompt(prompt, { failMode: "closed" });
    } catch (error) {
      if (!(error instanceof APIConnectionError)) throw error;
      closed = error.name;
    }
    log(`fail-closed → ${closed}: the request is refused`);

    let ran = false;
    const search = async (args: { query: string }) => {
      ran = true;
      return `results for ${args.query}`;
    };
    await new Shield(down, { failMode: "open" }).tool(search, { toolName: "search_docs" })({
      query: "refunds",
    });
    log(`wrapper, fail-open   → tool ran: ${ran}`);
    const wrapperOpenRan = ran;
    ran = false;
    let wrapperClosed = "ran";
    try {
      await new Shield(down, { failMode: "closed" }).tool(search, { toolName: "search_docs" })({
        query: "refunds",
      });
    } catch (error) {
      if (!(error instanceof APIConnectionError)) throw error;
      wrapperClosed = error.name;
    }
    log(`wrapper, fail-closed → ${wrapperClosed}; tool ran: ${ran}`);
    return {
      open: { decision: open.decision, degraded: isDegraded(open) },
      closed,
      wrapperOpenRan,
      wrapperClosed,
      warnings,
    };
  } finally {
    await down.close();
    await client.close();
  }
}

runIfEntry(import.meta.url, () => main());
