import { createServer } from "node:http";
import express, { type Request, type Response } from "express";
import { zeroidAuth } from "../src/express/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { listen } from "./support/listen.js";

const who = (req: Request, res: Response) => {
  res.json({ sub: req.identity?.sub ?? null, source: req.identity?.source ?? null });
};

describeAuthContract("express", async (options) => {
  const auth = zeroidAuth(options);
  const app = express();
  app.get("/me", auth(), who);
  app.get("/reports", auth({ scopes: ["reports:read"] }), who);
  app.get("/admin", auth({ trustLevel: "first_party", allowDelegated: false }), who);
  app.get("/tools", auth({ tools: ["search"] }), who);
  app.get("/public", auth({ optional: true }), who);
  const running = await listen(createServer(app));
  return {
    url: running.url,
    close: async () => {
      await running.close();
      await auth.close();
    },
  };
});
