import Fastify, { type FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zeroidAuth } from "../src/fastify/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";

const who = async (request: FastifyRequest) => ({
  sub: request.identity?.sub ?? null,
  source: request.identity?.source ?? null,
});

describeAuthContract("fastify", async (options) => {
  const app = Fastify();
  await app.register(zeroidAuth, options);
  app.get("/me", who);
  app.get("/reports", { config: { zeroid: { scopes: ["reports:read"] } } }, who);
  app.get("/admin", { config: { zeroid: { trustLevel: "first_party", allowDelegated: false } } }, who);
  app.get("/tools", { config: { zeroid: { tools: ["search"] } } }, who);
  app.get("/public", { config: { zeroid: { optional: true } } }, who);
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, close: () => app.close() };
});

describe("fastify plugin specifics", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer?.close());

  it("config.zeroid false makes a route public; protectAllRoutes: false guards only routes that opt in", async () => {
    const app = Fastify();
    await app.register(zeroidAuth, { verifier: { issuer: issuer.url }, protectAllRoutes: false });
    app.get("/open", async (request) => ({ identity: request.identity }));
    app.get("/guarded", { config: { zeroid: {} } }, who);
    await app.ready();
    expect((await app.inject({ url: "/open" })).json()).toEqual({ identity: null });
    expect((await app.inject({ url: "/guarded" })).statusCode).toBe(401);
    await app.close();

    const strict = Fastify();
    await strict.register(zeroidAuth, { verifier: { issuer: issuer.url } });
    strict.get("/health", { config: { zeroid: false } }, async () => ({ ok: true }));
    strict.get("/other", async () => ({ ok: true }));
    expect((await strict.inject({ url: "/health" })).statusCode).toBe(200);
    expect((await strict.inject({ url: "/other" })).statusCode).toBe(401);
    expect((await strict.inject({ url: "/missing" })).statusCode).toBe(401); // unknown routes are not a way around it
    await strict.close();
  });

  it("bad route requirements fail when the route is declared, not on the first request", async () => {
    const app = Fastify();
    await app.register(zeroidAuth, { verifier: { issuer: issuer.url } });
    expect(() =>
      app.get("/x", { config: { zeroid: { trustLevel: "root" as never } } }, async () => ({})),
    ).toThrow(/trustLevel must be one of/);
    await app.close();
  });
});
