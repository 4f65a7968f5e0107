import { type DevServer, startDevServer } from "@highflame/devserver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("allows benign prompts, denies injection, redacts PII and blocks through the wrapper", async () => {
  const lines: string[] = [];
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    log: (line) => lines.push(line),
  });
  expect(result).toEqual({
    benign: "allow",
    injection: "deny",
    redacted: "Please email the invoice to [EMAIL]",
    wrapper: "BlockedError (deny)",
    modelCalls: 1,
  });
  expect(lines.join("\n")).toContain("prompt injection   → deny");
  expect(lines.join("\n")).not.toContain("jane.roe@example.com");
});
