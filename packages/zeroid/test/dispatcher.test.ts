import { ConfigurationError, Transport } from "@highflame/core";
import { generateTestKey, startTestServer } from "@highflame/testing";
import { Agent, type Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { createVerifier, ZeroIDClient } from "../src/index.js";
import * as fx from "./helpers/fixtures.js";
import { startIssuer } from "./helpers/issuer.js";

const REGISTRY = "/api/v1/agents/registry";

/** An `Agent` composed with an interceptor, in undici's own terms, that records every request it dispatches. */
function recordingAgent() {
  const agent = new Agent();
  const dispatched: string[] = [];
  const record: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    dispatched.push(`${options.method} ${String(options.path).split("?")[0]}`);
    return dispatch(options, handler);
  };
  return { agent, dispatcher: agent.compose(record), dispatched };
}

describe("new ZeroIDClient({ dispatcher })", () => {
  it("the apiKey exchange, an admin call and the JWKS fetch of tokens.verify all go through it; close() leaves it open", async () => {
    await using server = await startTestServer();
    const issuer = await startIssuer(server);
    const token = await issuer.token();
    server.route("POST", "/oauth2/token", { body: fx.tokenBody(token) });
    server.route("GET", REGISTRY, { body: { agents: [fx.agent("a1")], total: 1, limit: 20, offset: 0 } });
    const { agent, dispatcher, dispatched } = recordingAgent();
    const options = {
      baseUrl: server.url,
      apiKey: generateTestKey("zid_sk_"),
      adminAuth: "token" as const, // exchange the key first, so the token endpoint is exercised too
      accountId: "acme",
      projectId: "prod",
      logLevel: "off" as const,
      dispatcher,
    };
    try {
      const client = new ZeroIDClient(options);
      expect((await client.agents.list()).agents.map((a) => a.id)).toEqual(["a1"]);
      expect((await client.tokens.verify(token)).account_id).toBe("acme");
      await client.close();
      expect(dispatched).toEqual(["POST /oauth2/token", `GET ${REGISTRY}`, "GET /.well-known/jwks.json"]);
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(dispatched);
      expect(server.requestsTo("GET", REGISTRY)[0]!.headers.authorization).toBe(`Bearer ${token}`);

      const again = new ZeroIDClient(options);
      await again.agents.list();
      await again.close();
      expect(dispatched.slice(3)).toEqual(["POST /oauth2/token", `GET ${REGISTRY}`]);
    } finally {
      await agent.close();
    }
  });

  it("createVerifier({ dispatcher }) fetches the JWKS through it and does not close it", async () => {
    await using server = await startTestServer();
    const issuer = await startIssuer(server);
    const { agent, dispatcher, dispatched } = recordingAgent();
    try {
      const verifier = createVerifier({ issuer: server.url, dispatcher, logLevel: "off" });
      expect((await verifier.verify(await issuer.token())).sub).toMatch(/^spiffe:/);
      await verifier.close();
      expect(dispatched).toEqual(["GET /.well-known/jwks.json"]);
      const again = createVerifier({ issuer: server.url, dispatcher, logLevel: "off" });
      await again.verify(await issuer.token());
      await again.close();
      expect(dispatched).toHaveLength(2);
      expect(issuer.jwksFetches).toBe(2);
    } finally {
      await agent.close();
    }
  });
});

describe("conflicting pool options", () => {
  const cases = [
    ["transport", "dispatcher"],
    ["transport", "fetch"],
    ["dispatcher", "fetch"],
  ] as const;

  async function errorOf(
    build: (choice: Record<string, unknown>) => unknown,
    first: string,
    second: string,
  ): Promise<ConfigurationError> {
    const agent = new Agent();
    const transport = new Transport();
    const values: Record<string, unknown> = {
      transport,
      dispatcher: agent,
      fetch: async () => new Response("{}"),
    };
    let error: unknown;
    try {
      build({ [first]: values[first], [second]: values[second] });
    } catch (caught) {
      error = caught;
    } finally {
      await transport.close();
      await agent.close();
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`The ${first} and ${second} options cannot be used together`);
    return error as ConfigurationError;
  }

  it.each(cases)("new ZeroIDClient with %s and %s names both", async (first, second) => {
    const error = await errorOf(
      (choice) => new ZeroIDClient({ baseUrl: "https://zeroid.dispatcher.test", ...choice }),
      first,
      second,
    );
    expect(error.option).toBe(second);
  });

  it.each(cases)("createVerifier with %s and %s names both", async (first, second) => {
    const error = await errorOf(
      (choice) => createVerifier({ issuer: "https://zeroid.dispatcher.test", ...choice }),
      first,
      second,
    );
    expect(error.option).toBe(second);
  });
});
