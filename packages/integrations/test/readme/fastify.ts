import { zeroidAuth } from "@highflame/integrations/fastify";
import { ZeroIDClient } from "@highflame/zeroid";
import Fastify from "fastify";

const zeroid = new ZeroIDClient({ baseUrl: "https://auth.example.com" }); // its verifier + session()
const app = Fastify();
await app.register(zeroidAuth, { zeroid, scopes: ["reports:read"] }); // defaults for every route
app.get("/health", { config: { zeroid: false } }, async () => ({ ok: true }));
app.get("/reports", async (request) => ({ caller: request.identity?.sub }));
app.post("/payouts", { config: { zeroid: { scopes: ["payouts:write"], introspect: true } } }, async () => ({
  queued: true,
}));
await app.listen({ port: 8080 });
