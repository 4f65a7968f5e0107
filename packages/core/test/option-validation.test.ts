import { describe, expect, it, vi } from "vitest";
import { ConfigurationError, HttpClient, MAX_TIMER_MS, RequestValidationError } from "../src/index.js";
import { harness } from "./helpers.js";

const h = harness();

function constructionError(options: Record<string, unknown>): unknown {
  try {
    new HttpClient({ baseUrl: "http://127.0.0.1:1", ...options });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("options that would make every call fail are rejected at construction", () => {
  it.each([
    ["timeout", 0],
    ["timeout", -1],
    ["timeout", Number.NaN],
    ["timeout", Number.POSITIVE_INFINITY],
    ["timeout", MAX_TIMER_MS + 1],
    ["timeout", "1000"],
    ["deadline", 0],
    ["deadline", Number.NaN],
    ["maxRetries", 1.5],
    ["maxRetries", -1],
    ["maxRetries", Number.NaN],
    ["maxRetries", "2"],
    ["maxResponseBytes", 0],
    ["maxResponseBytes", 10.5],
    ["maxErrorBodyBytes", -5],
  ])("%s: %s → ConfigurationError naming the option", (option, value) => {
    const error = constructionError({ [option]: value });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe(option);
    expect((error as ConfigurationError).code).toBe("invalid_config");
  });

  it.each([
    ["timeout", 1],
    ["timeout", MAX_TIMER_MS],
    ["maxRetries", 0],
    ["maxRetries", 10],
    ["deadline", 250.5],
  ])("%s: %s is accepted", (option, value) => {
    expect(constructionError({ [option]: value })).toBeUndefined();
  });

  it("the same values per call are RequestValidationErrors, and nothing is sent", async () => {
    const server = await h.server();
    const { client } = h.client(server);
    for (const bad of [{ timeout: 0 }, { maxRetries: 0.5 }, { deadline: -1 }, { maxErrorBodyBytes: 0 }]) {
      await expect(client.request({ method: "GET", path: "/x", ...bad })).rejects.toBeInstanceOf(
        RequestValidationError,
      );
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("a lean request loop", () => {
  it("a plain call creates one timer and no AbortController; a caller signal adds no controller either", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: { ok: 1 } });
    const { client } = h.client(server, { logLevel: "off" });
    await client.request({ method: "GET", path: "/x" }); // warm the pool
    const timers = vi.spyOn(globalThis, "setTimeout");
    const controllers = vi.spyOn(globalThis, "AbortController");
    try {
      await client.request({ method: "GET", path: "/x" });
      expect(controllers).not.toHaveBeenCalled();
      const ours = timers.mock.calls.filter(([, ms]) => ms === 60_000);
      expect(ours).toHaveLength(1);
      await client.request({ method: "GET", path: "/x", signal: new AbortController().signal });
      expect(controllers).toHaveBeenCalledTimes(1); // the test's own
    } finally {
      timers.mockRestore();
      controllers.mockRestore();
    }
  });

  it("with logging off, no log arguments are built (the logger is never reached)", async () => {
    const server = await h.server();
    server.route("GET", "/x", { status: 503, headers: { "retry-after-ms": "1" } }, { body: {} });
    const sink = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { client } = h.client(server, { logger: sink, logLevel: "warn" });
    const enabled = vi.spyOn(client.logger, "enabled");
    const debug = vi.spyOn(client.logger, "debug");
    const info = vi.spyOn(client.logger, "info");
    await client.request({ method: "GET", path: "/x" });
    expect(enabled).toHaveBeenCalled();
    expect(debug).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    expect(sink.debug).not.toHaveBeenCalled();
  });
});
