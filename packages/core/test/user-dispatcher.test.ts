import { Agent, type Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  checkTransportChoice,
  HttpClient,
  RedirectError,
  Transport,
} from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();

/** An interceptor in undici's own terms: adds a header to every request it dispatches. */
const tagged: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) =>
  dispatch(
    { ...options, headers: { ...(options.headers as Record<string, string>), "x-tagged": "yes" } },
    handler,
  );

describe("a user's dispatcher", () => {
  it("an Agent composed with interceptors carries the calls, streams included, and is not closed by the client", async () => {
    const server = await h.server();
    server.route("POST", "/v1/guard", { headers: { "x-request-id": "d-1" }, body: { decision: "allow" } });
    server.route("GET", "/v1/s", { sse: { events: [{ data: "a" }, { data: "b" }] } });
    const agent = new Agent();
    const dispatcher = agent.compose(tagged);
    try {
      const { client } = h.client(server, { dispatcher });
      const response = await client.requestWithResponse({
        method: "POST",
        path: "/v1/guard",
        body: { q: 1 },
      });
      expect(response.data).toEqual({ decision: "allow" });
      expect(response.requestId).toBe("d-1");
      const events: string[] = [];
      for await (const event of await client.stream({ method: "GET", path: "/v1/s" }))
        events.push(event.data);
      expect(events).toEqual(["a", "b"]);
      expect(server.requests.map((r) => r.headers["x-tagged"])).toEqual(["yes", "yes"]);
      await client.close();
      // Still usable: the SDK never closes a dispatcher it did not create.
      const again = h.client(server, { dispatcher }).client;
      await again.request({ method: "POST", path: "/v1/guard", body: {} });
      expect(server.requests).toHaveLength(3);
    } finally {
      await agent.close();
    }
  });

  it("redirect rules hold on a user's dispatcher too", async () => {
    const server = await h.server();
    const other = await h.server();
    server.route("GET", "/v1/x", { status: 308, headers: { location: `${other.url}/v1/x` } });
    const agent = new Agent();
    try {
      const { client } = h.client(server, { dispatcher: agent });
      expect(await rejectionOf(client.request({ method: "GET", path: "/v1/x" }))).toBeInstanceOf(
        RedirectError,
      );
      expect(other.requests).toHaveLength(0);
    } finally {
      await agent.close();
    }
  });
});

describe("conflicting transport options", () => {
  const fetch = async () => new Response("{}");

  it("new Transport({ dispatcher, fetch }) is a ConfigurationError naming both, and nothing is sent", async () => {
    const server = await h.server();
    server.route("GET", "/v1/x", { body: {} });
    const agent = new Agent();
    try {
      for (const build of [
        () => new Transport({ dispatcher: agent, fetch }),
        () => new HttpClient({ baseUrl: server.url, dispatcher: agent, fetch }),
      ]) {
        const error = (() => {
          try {
            build();
          } catch (caught) {
            return caught;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as ConfigurationError).option).toBe("fetch");
        expect((error as Error).message).toMatch(/\bdispatcher\b.*\bfetch\b/);
      }
      expect(server.requests).toHaveLength(0);
    } finally {
      await agent.close();
    }
  });

  it.each([
    [{ transport: true, dispatcher: true }, "transport", "dispatcher"],
    [{ transport: true, fetch: true }, "transport", "fetch"],
    [{ dispatcher: true, fetch: true }, "dispatcher", "fetch"],
    [{ transport: true, dispatcher: true, fetch: true }, "transport", "dispatcher"],
  ] as const)("checkTransportChoice(%o) names %s and %s", (set, first, second) => {
    const transport = new Transport();
    const agent = new Agent();
    const options = {
      transport: "transport" in set ? transport : undefined,
      dispatcher: "dispatcher" in set ? agent : undefined,
      fetch: "fetch" in set ? fetch : undefined,
    };
    let error: unknown;
    try {
      checkTransportChoice(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe(second);
    expect((error as Error).message).toContain(`The ${first} and ${second} options cannot be used together`);
    void transport.close();
    void agent.close();
  });

  it("one choice alone, or none, passes", () => {
    const agent = new Agent();
    const transport = new Transport();
    expect(() => checkTransportChoice({})).not.toThrow();
    expect(() => checkTransportChoice({ dispatcher: agent, fetch: undefined })).not.toThrow();
    expect(() => checkTransportChoice({ transport })).not.toThrow();
    expect(() => checkTransportChoice({ fetch })).not.toThrow();
    void transport.close();
    void agent.close();
  });
});

describe("HttpClient with a transport and a dispatcher", () => {
  it("rejects both at construction (the dispatcher would be ignored)", async () => {
    await using transport = new Transport();
    const agent = new Agent();
    expect(() => new HttpClient({ baseUrl: "http://127.0.0.1:9", transport, dispatcher: agent })).toThrow(
      /The transport and dispatcher options cannot be used together/,
    );
    await agent.close();
  });

  it("withOptions() of a client built with a dispatcher keeps sending through it", async () => {
    const server = await h.server();
    server.route("GET", "/ping", { body: { ok: true } });
    const agent = new Agent().compose(tagged);
    const client = new HttpClient({ baseUrl: server.url, dispatcher: agent, maxRetries: 0 });
    const derived = client.withOptions({ timeout: 5_000 });
    expect(await derived.request({ method: "GET", path: "/ping" })).toEqual({ ok: true });
    expect(server.requests.at(-1)?.headers["x-tagged"]).toBe("yes");
    await client.close();
    await agent.close();
  });
});
