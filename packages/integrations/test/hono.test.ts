import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ZeroIDEnv, zeroidAuth } from "../src/hono/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { countingVerifier } from "./support/counting-verifier.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";
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

describe("hono specifics", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer?.close());

  it("app.use(auth()) plus a route's auth({...}) verifies the token once and still applies the route's rules", async () => {
    const verifier = countingVerifier(issuer.url);
    const auth = zeroidAuth({ verifier });
    const app = new Hono<ZeroIDEnv>();
    app.use(auth());
    app.get("/reports", auth({ scopes: ["reports:read"] }), (c) => c.json({ sub: c.get("identity").sub }));
    const ok = await app.request("/reports", {
      headers: { authorization: `Bearer ${issuer.token({ scopes: ["reports:read"] })}` },
    });
    expect(ok.status).toBe(200);
    expect(verifier.calls).toBe(1);
    const narrow = await app.request("/reports", { headers: { authorization: `Bearer ${issuer.token()}` } });
    expect(narrow.status).toBe(403);
    expect(verifier.calls).toBe(2);
    await verifier.close();
  });
});
