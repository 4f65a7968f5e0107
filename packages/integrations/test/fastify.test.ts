import Fastify, { type FastifyRequest } from "fastify";
import { zeroidAuth } from "../src/fastify/index.js";
import { describeAuthContract } from "./support/auth-contract.js";

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
