import { inspect } from "node:util";
import { RedirectError } from "@highflame/core";
import { createCapturingLogger, generateTestKey, startTestServer, type TestServer } from "@highflame/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZeroIDClient, ZeroIDError } from "../src/index.js";
import * as fx from "./helpers/fixtures.js";
import { startIssuer, type TestIssuer } from "./helpers/issuer.js";

const P = "/api/v1";
const REGISTER = {
  name: "Planner",
  external_id: "planner-1",
  created_by: "u1",
  sub_type: "orchestrator",
} as const;
let server: TestServer;
let other: TestServer;
let issuer: TestIssuer;

beforeEach(async () => {
  server = await startTestServer();
  other = await startTestServer();
  issuer = await startIssuer(server);
});
afterEach(async () => {
  await Promise.all([server.close(), other.close()]);
});

async function keyedClient(apiKey: string) {
  const jwt = await issuer.token();
  server.route("POST", "/oauth2/token", {
    body: { ...fx.tokenBody(jwt), account_id: "acme", project_id: "prod" },
  });
  const client = new ZeroIDClient({
    baseUrl: server.url,
    apiKey,
    accountId: "acme",
    projectId: "prod",
    maxRetries: 0,
    logLevel: "off",
  });
  return { client, jwt };
}

describe("ZeroID admin redirects", () => {
  it.each([301, 302, 303, 307, 308])(
    "a cross-origin %i is refused: the other origin gets no token, tenant header or body",
    async (status) => {
      const { client } = await keyedClient(generateTestKey("zid_sk_"));
      server.route("POST", `${P}/agents/register`, {
        status,
        headers: { location: `${other.url}${P}/agents/register` },
      });
      other.fallback({ status: 201, body: { identity: fx.agent("evil"), api_key: "zid_sk_x" } });
      const error = await client.agents.register(REGISTER).catch((e: unknown) => e);
      await client.close();
      expect(error).toBeInstanceOf(RedirectError);
      expect(other.requests).toHaveLength(0);
      expect(other.connectionCount).toBe(0);
      const [sent] = server.requestsTo("POST", `${P}/agents/register`);
      expect(sent!.json).toMatchObject({ external_id: "planner-1" });
    },
  );

  it("a same-origin 307 is followed with the same credentials and tenant headers", async () => {
    const apiKey = generateTestKey("zid_sk_");
    const { client } = await keyedClient(apiKey);
    try {
      server.route("GET", `${P}/agents/registry`, {
        status: 307,
        headers: { location: `${P}/agents/registry2` },
      });
      server.route("GET", `${P}/agents/registry2`, { body: { agents: [], total: 0, limit: 20, offset: 0 } });
      await client.agents.list();
      const [first] = server.requestsTo("GET", `${P}/agents/registry`);
      const [moved] = server.requestsTo("GET", `${P}/agents/registry2`);
      // A zid_sk_ key is the admin credential itself (one request, no exchange); the redirect keeps it.
      expect(first!.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(moved!.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(moved!.headers["x-account-id"]).toBe("acme");
    } finally {
      await client.close();
    }
  });
});

describe("ZeroIDError renderings against a server that echoes credentials", () => {
  it("message, stack, String, toJSON and inspect never carry the key or the token", async () => {
    const apiKey = generateTestKey("zid_sk_");
    const { client, jwt } = await keyedClient(apiKey);
    try {
      server.fallback((req) => ({
        status: 422,
        headers: { "content-type": "application/problem+json", "set-cookie": `s=${jwt}` },
        body: {
          title: "Unprocessable Entity",
          detail: `rejected ${String(req.headers.authorization)} for ${apiKey}`,
          errors: [{ message: "bad", location: "body.name", value: String(req.headers.authorization) }],
        },
      }));
      const error = await client.agents.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZeroIDError);
      const token = jwt.split(".")[2]!;
      for (const text of [
        (error as Error).message,
        String((error as Error).stack),
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
      ]) {
        expect(text).not.toContain(apiKey);
        expect(text).not.toContain(token);
      }
    } finally {
      await client.close();
    }
  });
});

describe("client secrets a token endpoint echoes back", () => {
  it.each(["post", "basic"] as const)(
    "client_secret_%s: the secret is in no rendering of the error and in no log line",
    async (method) => {
      const secret = `cs_${"k".repeat(8)}${Math.random().toString(36).slice(2)}`;
      const logger = createCapturingLogger();
      server.fallback((req) => {
        const basic = String(req.headers.authorization ?? "").replace(/^Basic /, "");
        const sent =
          (req.json as { client_secret?: string } | undefined)?.client_secret ??
          req.form?.get("client_secret") ??
          Buffer.from(basic, "base64").toString().split(":")[1];
        return {
          status: 401,
          body: {
            error: "invalid_client",
            error_description: `client secret ${decodeURIComponent(String(sent))} is wrong`,
          },
        };
      });
      await using client = new ZeroIDClient({
        baseUrl: server.url,
        logger,
        logLevel: "debug",
        maxRetries: 0,
      });
      const error =
        method === "post"
          ? await client.tokens
              .issueClientCredentials("cli_1", secret, { account_id: "a", project_id: "p" })
              .catch((e: unknown) => e)
          : await client.tokens
              .introspect("tok", { clientId: "cli_1", clientSecret: secret, method: "basic" })
              .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZeroIDError);
      expect((error as ZeroIDError).code).toBe("invalid_client");
      expect((error as ZeroIDError).detail).toBe("client secret [REDACTED] is wrong");
      for (const text of [
        (error as Error).message,
        String((error as Error).stack),
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        logger.text(),
      ]) {
        expect(text).not.toContain(secret);
      }
    },
  );
});
