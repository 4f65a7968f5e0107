import { type DevServer, startDevServer } from "@highflame/devserver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("delegates with narrowed scope and revokes the delegated token with its parent", async () => {
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    accountId: dev.accountId,
    projectId: dev.projectId,
    log: () => {},
  });
  expect(result.orchestrator).toMatch(/\/agent\/planner-/);
  expect(result.delegated.sub).toMatch(/\/agent\/summariser-/);
  expect(result.delegated.actSub).toBe(result.orchestrator);
  expect(result.delegated.depth).toBe(1);
  expect(result.delegated.scopes).toEqual(["docs:read"]);
  expect(result.afterParentRevoked).toBe("token_inactive");
  expect(result.localVerifyAfterRevoke).toBe("passes");
});
