import { type DevServer, startDevServer } from "@highflame/devserver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { main } from "../src/main.js";

let dev: DevServer;
beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(() => dev?.close());

it("accepts a scoped token and rejects missing, under-scoped and tampered ones", async () => {
  const result = await main({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    tokenUrl: `${dev.url}/oauth2/token`,
    accountId: dev.accountId,
    projectId: dev.projectId,
    log: () => {},
  });
  expect(result.noToken).toEqual({ status: 401, error: "missing_token" });
  expect(result.withScope).toEqual({ status: 200 });
  expect(result.wrongScope).toEqual({ status: 403, error: "insufficient_scope" });
  expect(result.tampered).toEqual({ status: 401, error: "invalid_signature" });
  expect(result.caller).toMatch(/^spiffe:\/\/.+\/agent\/reports-reader-/);
});

it("needs a ZeroID token endpoint", async () => {
  await expect(
    main({ baseUrl: dev.url, apiKey: dev.apiKey, tokenUrl: "http://127.0.0.1:1/x", log: () => {} }),
  ).rejects.toThrow(/HIGHFLAME_TOKEN_URL/);
});
