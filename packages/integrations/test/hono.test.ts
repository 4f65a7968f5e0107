import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { type ZeroIDEnv, zeroidAuth } from "../src/hono/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { listen } from "./support/listen.js";

describeAuthContract("hono", async (options) => {
  const auth = zeroidAuth(options);
  const app = new Hono<ZeroIDEnv>();
  const who = (identity: { sub: string; source: string } | undefined) => ({
    sub: identity?.sub ?? null,
    source: identity?.source ?? null,
  });
  app.get("/me", auth(), (c) => c.json(who(c.get("identity"))));
  app.get("/reports", auth({ scopes: ["reports:read"] }), (c) => c.json(who(c.get("identity"))));
  app.get("/admin", auth({ trustLevel: "first_party", allowDelegated: false }), (c) =>
    c.json(who(c.get("identity"))),
  );
  app.get("/tools", auth({ tools: ["search"] }), (c) => c.json(who(c.get("identity"))));
  app.get("/public", auth({ optional: true }), (c) => c.json(who(c.get("identity"))));
  const running = await listen(createServer(getRequestListener(app.fetch)));
  return {
    url: running.url,
    close: async () => {
      await running.close();
      await auth.close();
    },
  };
});
