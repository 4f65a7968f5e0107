import { type DevServer, startDevServer } from "@highflame/devserver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("blocks injected and traversing calls before they run, suspends transfers, withholds leaked secrets", async () => {
  const lines: string[] = [];
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    log: (line) => lines.push(line),
  });
  expect(result).toEqual({
    benignQuery: "allow",
    sqlInjection: "deny",
    traversal: "BlockedError (deny)",
    transfer: "SuspendedError (step_up)",
    secretInResult: "BlockedError (deny)",
    toolRuns: ["read_file", "read_config"],
  });
  expect(lines.join("\n")).not.toMatch(/ghp_[0-9a-f]{36}/);
});
