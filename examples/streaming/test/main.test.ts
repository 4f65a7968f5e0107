import { type DevServer, startDevServer } from "@highflame/devserver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("streams every detector, then the decision", async () => {
  const lines: string[] = [];
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    log: (line) => lines.push(line),
  });
  expect(result.detectors).toEqual(expect.arrayContaining(["prompt_injection", "secrets", "pii"]));
  expect(result.detected).toContain("prompt_injection");
  expect(result.decision).toBe("deny");
  expect(result.benignDecision).toBe("allow");
  expect(lines.at(-2)).toMatch(/^decision deny/);
});
