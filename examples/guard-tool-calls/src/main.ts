/**
 * Example: guard an agent's tool calls and tool results.
 *
 * `client.guard.evaluateToolCall()` checks a call by name and arguments; `Shield.tool()` checks before the tool
 * runs (a blocked call never executes); `Shield.toolResponse()` checks what the tool returned. `step_up` and
 * `defer` decisions throw `SuspendedError` (a subclass of `BlockedError`) so they can go to an approval flow.
 */
import { randomBytes } from "node:crypto";
import { connect, type ExampleOptions, runIfEntry } from "@highflame/example-support";
import { BlockedError, Shield, SuspendedError } from "@highflame/sdk";

/** What the example observed. */
export interface GuardToolCallsResult {
  benignQuery: string;
  sqlInjection: string;
  traversal: string;
  transfer: string;
  secretInResult: string;
  /** Tools that actually ran. */
  toolRuns: string[];
}

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ran";
  } catch (error) {
    if (error instanceof SuspendedError) return `SuspendedError (${error.decision})`;
    if (error instanceof BlockedError) return `BlockedError (${error.decision})`;
    throw error;
  }
}

/** Runs the example against the server in `options` (or `HIGHFLAME_*`). */
export async function main(options: ExampleOptions = {}): Promise<GuardToolCallsResult> {
  const log = options.log ?? console.log;
  const client = connect(options);
  try {
    const sessionId = "user-42/conv-9";
    const benign = await client.guard.evaluateToolCall(
      "run_sql",
      { query: "SELECT total FROM orders WHERE id = 42" },
      { sessionId },
    );
    log(`run_sql (plain query)    → ${benign.decision}`);
    const injection = await client.guard.evaluateToolCall(
      "run_sql",
      { query: "SELECT * FROM users WHERE name = '' OR 1=1 --" },
      { sessionId },
    );
    log(`run_sql (' OR 1=1 --)    → ${injection.decision}: ${injection.policy_reason ?? ""}`);

    const toolRuns: string[] = [];
    const shield = new Shield(client);
    // Tools take one object argument: it becomes `tool.arguments` of the guard request as is.
    const readFile = shield.tool(
      async function read_file(args: { path: string }) {
        toolRuns.push("read_file");
        return `contents of ${args.path}`;
      },
      { sessionId },
    );
    const transferFunds = shield.tool(
      async function transfer_funds(args: { amount: number; to: string }) {
        toolRuns.push("transfer_funds");
        return `sent ${args.amount} to ${args.to}`;
      },
      { sessionId },
    );
    const token = `ghp_${randomBytes(18).toString("hex")}`; // generated, never a real secret
    const readConfig = shield.toolResponse(
      async function read_config() {
        toolRuns.push("read_config");
        return `LOG_LEVEL=info\nGITHUB_TOKEN=${token}`;
      },
      { sessionId },
    );

    log(`read_file(reports/q3.md) → ${await outcome(() => readFile({ path: "reports/q3.md" }))}`);
    const traversal = await outcome(() => readFile({ path: "../../etc/passwd" }));
    log(`read_file(../../etc/passwd) → ${traversal} (the tool did not run)`);
    const transfer = await outcome(() => transferFunds({ amount: 5000, to: "acct_991" }));
    log(`transfer_funds(5000)     → ${transfer}: route it to an approver`);
    const secretInResult = await outcome(() => readConfig());
    log(`read_config() result     → ${secretInResult}: the tool ran, its output was withheld`);
    log(`tools that ran: ${toolRuns.join(", ")}`);
    return {
      benignQuery: benign.decision,
      sqlInjection: injection.decision,
      traversal,
      transfer,
      secretInResult,
      toolRuns,
    };
  } finally {
    await client.close();
  }
}

runIfEntry(import.meta.url, () => main());
