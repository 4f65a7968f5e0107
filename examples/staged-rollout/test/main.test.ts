import { type DevServer, startDevServer } from "@highflame/devserver";
import { rollout } from "@highflame/sdk";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("blocks nothing in monitor/alert, the canary share in canary, every attack in enforce", async () => {
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    log: () => {},
  });
  expect(result.monitor).toEqual({ blocked: 0, wouldHaveBlocked: 6, alerted: 0 });
  expect(result.alert).toEqual({ blocked: 0, wouldHaveBlocked: 6, alerted: 6 });
  expect(result.enforce).toEqual({ blocked: 6, wouldHaveBlocked: 0, alerted: 0 });
  const enforced = result.canaryConversations.length;
  expect(result.canary).toEqual({ blocked: enforced, wouldHaveBlocked: 6 - enforced, alerted: 0 });
  expect(enforced).toBeGreaterThan(0);
  expect(enforced).toBeLessThan(6);
  for (const c of result.canaryConversations) {
    expect(rollout({ enforcePercent: 50, sessionId: c, salt: "canary-1" })).toBe("enforce");
  }
});
