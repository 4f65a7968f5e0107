import { createServer } from "node:http";
import express, { type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zeroidAuth } from "../src/express/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { countingVerifier } from "./support/counting-verifier.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";
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

describe("express specifics", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer?.close());

  it("app.use(auth()) plus a route's auth({...}) verifies the token once and still applies the route's rules", async () => {
    const verifier = countingVerifier(issuer.url);
    const auth = zeroidAuth({ verifier });
    const app = express();
    app.use(auth());
    app.get("/reports", auth({ scopes: ["reports:read"] }), who);
    const running = await listen(createServer(app));
    try {
      const ok = await fetch(`${running.url}/reports`, {
        headers: { authorization: `Bearer ${issuer.token({ scopes: ["reports:read"] })}` },
      });
      expect(ok.status).toBe(200);
      expect(verifier.calls).toBe(1);
      const narrow = await fetch(`${running.url}/reports`, {
        headers: { authorization: `Bearer ${issuer.token()}` },
      });
      expect(narrow.status).toBe(403);
      expect(verifier.calls).toBe(2);
    } finally {
      await running.close();
      await verifier.close();
    }
  });
});
