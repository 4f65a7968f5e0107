import { createServer, type ServerResponse } from "node:http";
import type { ZeroIDIdentity } from "@highflame/zeroid";
import { type RouteRequirements, zeroidAuth } from "../src/node/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { listen } from "./support/listen.js";

const who = (_req: unknown, res: ServerResponse, identity: ZeroIDIdentity | undefined) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ sub: identity?.sub ?? null, source: identity?.source ?? null }));
};

describeAuthContract("node:http", async (options) => {
  const auth = zeroidAuth(options);
  const routes: Record<string, RouteRequirements> = {
    "/me": {},
    "/reports": { scopes: ["reports:read"] },
    "/admin": { trustLevel: "first_party", allowDelegated: false },
    "/tools": { tools: ["search"] },
    "/public": { optional: true },
  };
  const handlers = new Map(Object.entries(routes).map(([path, rules]) => [path, auth.protect(rules, who)]));
  const server = createServer((req, res) => {
    const handler = handlers.get(new URL(req.url ?? "/", "http://x").pathname);
    if (handler) return handler(req, res);
    res.writeHead(404).end();
  });
  const running = await listen(server);
  return {
    url: running.url,
    close: async () => {
      await running.close();
      await auth.close();
    },
  };
});
