import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ConfigurationError, Transport } from "@highflame/core";
import { generateTestKey, startTestServer } from "@highflame/testing";
import { Agent, type Dispatcher, MockAgent } from "undici";
import { describe, expect, it } from "vitest";
import { ShieldClient } from "../src/index.js";
import { guardResponder, TOKEN_PATH, tokenResponse } from "./helpers.js";

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** An `Agent` composed with an interceptor, in undici's own terms, that records every request it dispatches. */
function recordingAgent() {
  const agent = new Agent();
  const dispatched: string[] = [];
  const record: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    dispatched.push(`${options.method} ${options.path}`);
    return dispatch(options, handler);
  };
  return { agent, dispatcher: agent.compose(record), dispatched };
}

describe("new ShieldClient({ dispatcher })", () => {
  it("the token exchange, guard.evaluate() and guard.stream() all go through it; close() leaves it open", async () => {
    await using server = await startTestServer();
    server.route("POST", TOKEN_PATH, tokenResponse());
    server.route("POST", "/v1/guard", guardResponder);
    server.route("POST", "/v1/guard/stream", {
      sse: { events: [{ event: "decision", data: { decision: "deny", actual_decision: "deny" } }] },
    });
    const { agent, dispatcher, dispatched } = recordingAgent();
    const options = {
      apiKey: generateTestKey(),
      baseUrl: server.url,
      tokenUrl: `${server.url}${TOKEN_PATH}`,
      logLevel: "off" as const,
      dispatcher,
    };
    try {
      const client = new ShieldClient(options);
      expect((await client.guard.evaluatePrompt("please DENY this")).decision).toBe("deny");
      const stream = await client.guard.stream({
        content: "x",
        content_type: "prompt",
        action: "process_prompt",
      });
      expect((await stream.finalDecision()).decision).toBe("deny");
      await client.close();
      expect(dispatched).toEqual([`POST ${TOKEN_PATH}`, "POST /v1/guard", "POST /v1/guard/stream"]);
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(dispatched);

      // The user's dispatcher is still open: a new client sends through it.
      const again = new ShieldClient(options);
      expect((await again.guard.evaluatePrompt("hello")).decision).toBe("allow");
      await again.close();
      expect(dispatched.slice(3)).toEqual([`POST ${TOKEN_PATH}`, "POST /v1/guard"]);
    } finally {
      await agent.close();
    }
  });

  it.each([
    ["transport", "dispatcher"],
    ["transport", "fetch"],
    ["dispatcher", "fetch"],
  ] as const)(
    "%s with %s is a ConfigurationError naming both, before anything is sent",
    async (first, second) => {
      const mock = new MockAgent();
      mock.disableNetConnect();
      const transport = new Transport();
      let fetched = 0;
      const fetch = async () => {
        fetched++;
        return new Response("{}");
      };
      const values = { transport, dispatcher: mock, fetch };
      let error: unknown;
      try {
        new ShieldClient({
          apiKey: generateTestKey(),
          baseUrl: "https://shield.dispatcher.test",
          tokenUrl: "https://shield.dispatcher.test/oauth2/token",
          [first]: values[first],
          [second]: values[second],
        });
      } catch (caught) {
        error = caught;
      } finally {
        await transport.close();
        await mock.close();
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe(second);
      expect((error as Error).message).toContain(
        `The ${first} and ${second} options cannot be used together`,
      );
      expect(fetched).toBe(0);
    },
  );

  // Needs the built dist of core and shield, like every consumer of the packages.
  it("in the fetch-only build (workerd condition) dispatcher is a ConfigurationError, and calls work through fetch", async () => {
    await using server = await startTestServer();
    server.route("POST", TOKEN_PATH, tokenResponse());
    server.route("POST", "/v1/guard", guardResponder);
    const apiKey = generateTestKey();
    const { stdout } = await run(
      process.execPath,
      [
        "--conditions=workerd",
        "--import",
        fixture("block-node-modules.mjs"),
        fixture("fetch-build-shield.mjs"),
      ],
      { env: { ...process.env, TARGET: server.url, API_KEY: apiKey }, timeout: 15_000 },
    );
    const out = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(out.core).toMatch(/\/dist\/index-fetch\.js$/);
    expect(out.dispatcher).toEqual({ configurationError: true, option: "dispatcher" });
    expect(out.decision).toBe("allow");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${TOKEN_PATH}`,
      "POST /v1/guard",
    ]);
    expect((server.requests[0]!.json as { api_key: string }).api_key).toBe(apiKey);
  });
});
