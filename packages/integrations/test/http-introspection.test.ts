import { createServer } from "node:http";
import { type DevServer, startDevServer } from "@highflame/devserver";
import { ZeroIDClient } from "@highflame/zeroid";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { zeroidAuth } from "../src/express/index.js";
import { listen } from "./support/listen.js";

let dev: DevServer;
let zeroid: ZeroIDClient;
let app: { url: string; close(): Promise<void> };
let auth: ReturnType<typeof zeroidAuth>;
let now = Date.now();

beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
  zeroid = new ZeroIDClient({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    accountId: dev.accountId,
    projectId: dev.projectId,
  });
  auth = zeroidAuth({ zeroid, sessionCache: { ttlMs: 5_000, now: () => now } });
  const server = express();
  const who: express.RequestHandler = (req, res) => {
    res.json({ sub: req.identity?.sub, source: req.identity?.source, scopes: req.identity?.scopes });
  };
  server.get("/local", auth({ scopes: ["reports:read"] }), who);
  server.get("/revocable", auth({ scopes: ["reports:read"], introspect: true }), who);
  app = await listen(createServer(server));
});
afterAll(async () => {
  await app?.close();
  await auth?.close();
  await zeroid?.close();
  await dev?.close();
});

const call = async (path: string, token: string) => {
  const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

it("verifies real ZeroID tokens and, on introspect routes, sees revocation once the short cache expires", async () => {
  const { identity, api_key } = await zeroid.agents.register({
    name: "Reports reader",
    external_id: `reader-${Date.now().toString(36)}`,
    created_by: "user-1",
  });
  const { access_token: token } = await zeroid.tokens.issueApiKey(api_key, { scope: ["reports:read"] });

  expect(await call("/local", token)).toMatchObject({
    status: 200,
    body: { sub: identity.wimse_uri, source: "jwt" },
  });
  const first = await call("/revocable", token);
  expect(first).toMatchObject({ status: 200, body: { source: "introspection", scopes: ["reports:read"] } });
  expect(auth.bearer.sessionCache?.calls).toBe(1);

  await zeroid.tokens.revoke(token);
  // Within the cache TTL the previous answer is reused: no second introspection.
  expect((await call("/revocable", token)).status).toBe(200);
  expect(auth.bearer.sessionCache?.calls).toBe(1);

  now += 5_001;
  const revoked = await call("/revocable", token);
  expect(revoked.status).toBe(401);
  expect(revoked.body).toMatchObject({ error: "invalid_token", code: "token_inactive" });
  expect(auth.bearer.sessionCache?.calls).toBe(2);
  // The inactive answer is cached too (a revoked token never comes back) ...
  expect((await call("/revocable", token)).status).toBe(401);
  expect(auth.bearer.sessionCache?.calls).toBe(2);
  // ... while the local-only route cannot see the revocation (signatures do not change).
  expect((await call("/local", token)).status).toBe(200);
});

it("answers 503 when introspection cannot reach ZeroID, and does not cache that", async () => {
  const { api_key } = await zeroid.agents.register({
    name: "Outage probe",
    external_id: `probe-${Date.now().toString(36)}`,
    created_by: "user-1",
  });
  const { access_token: token } = await zeroid.tokens.issueApiKey(api_key, { scope: ["reports:read"] });
  await call("/local", token); // JWKS cached
  const before = auth.bearer.sessionCache?.calls ?? 0;
  dev.faults.set({
    errorRate: 1,
    errorStatus: 503,
    retryAfterSeconds: 0,
    paths: ["/oauth2/token/introspect"],
  });
  try {
    const down = await call("/revocable", token);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: "verification_unavailable" });
  } finally {
    dev.faults.clear();
  }
  expect((await call("/revocable", token)).status).toBe(200);
  expect(auth.bearer.sessionCache?.calls).toBe(before + 2);
});
