import { createServer, type ServerResponse } from "node:http";
import type { ZeroIDIdentity } from "@highflame/zeroid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouteRequirements, zeroidAuth } from "../src/node/index.js";
import { describeAuthContract } from "./support/auth-contract.js";
import { startTestIssuer, type TestIssuer } from "./support/issuer.js";
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

describe("node:http specifics", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer?.close());

  it("a handler that throws gets a 500 and onError sees the error; authenticate() serves hand-written routing", async () => {
    const errors: unknown[] = [];
    const auth = zeroidAuth({ verifier: { issuer: issuer.url }, onError: (error) => errors.push(error) });
    const failing = auth.protect(undefined, () => {
      throw new Error("handler bug");
    });
    const server = createServer(async (req, res) => {
      if (req.url === "/fail") return failing(req, res);
      const identity = await auth.authenticate(req, res, { scopes: ["reports:read"] });
      if (identity === null) return; // refusal already sent
      res.end(identity?.sub);
    });
    const running = await listen(server);
    try {
      const headers = {
        authorization: `Bearer ${issuer.token({ sub: "spiffe://t/agent/c", scopes: ["reports:read"] })}`,
      };
      const failed = await fetch(`${running.url}/fail`, { headers });
      expect(failed.status).toBe(500);
      expect(errors).toHaveLength(1);
      expect((errors[0] as Error).message).toBe("handler bug");
      expect(await (await fetch(`${running.url}/manual`, { headers })).text()).toBe("spiffe://t/agent/c");
      expect((await fetch(`${running.url}/manual`)).status).toBe(401);
    } finally {
      await running.close();
      await auth.close();
    }
  });
});
