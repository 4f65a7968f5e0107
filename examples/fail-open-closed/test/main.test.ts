import { type DevServer, startDevServer } from "@highflame/devserver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("fails open with a degraded allow and a warning, fails closed with the connection error", async () => {
  const lines: string[] = [];
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    log: (line) => lines.push(line),
  });
  expect(result).toEqual({
    open: { decision: "allow", degraded: true },
    closed: "APIConnectionError",
    wrapperOpenRan: true,
    wrapperClosed: "APIConnectionError",
    warnings: 2,
  });
  expect(lines.filter((l) => l.includes("failing open"))).toHaveLength(2);
});
