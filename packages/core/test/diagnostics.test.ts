import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterEach, describe, expect, it } from "vitest";
import { HTTP_CALL_CHANNEL, type HttpCallMessage, InternalServerError } from "../src/index.js";
import { FAST, harness, rejectionOf } from "./helpers.js";

const h = harness();
const listeners: Array<(message: unknown) => void> = [];
afterEach(() => {
  for (const fn of listeners.splice(0)) unsubscribe(HTTP_CALL_CHANNEL, fn);
});
function record(onMessage?: () => void): HttpCallMessage[] {
  const seen: HttpCallMessage[] = [];
  const fn = (message: unknown) => {
    seen.push(message as HttpCallMessage);
    onMessage?.();
  };
  subscribe(HTTP_CALL_CHANNEL, fn);
  listeners.push(fn);
  return seen;
}

describe("diagnostics channel", () => {
  it("publishes one message per logical call, with attempts, retries, status and request id", async () => {
    const server = await h.server();
    server.route(
      "POST",
      "/v1/x",
      { status: 503, headers: FAST },
      { status: 200, headers: { "x-request-id": "req-9" }, body: { ok: true } },
    );
    const { client } = h.client(server);
    const seen = record();
    await client.request({ method: "POST", path: "/v1/x", query: { secret: "q" }, body: {} });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: `${server.url}/v1/x`,
      status: 200,
      attempts: 2,
      retries: 1,
      requestId: "req-9",
    });
    expect(seen[0]!.error).toBeUndefined();
    expect(seen[0]!.durationMs).toBeGreaterThan(0);
  });

  it("publishes failures with the error, before the promise settles, in the caller's async context", async () => {
    const server = await h.server();
    server.route("GET", "/v1/x", { status: 500, headers: FAST });
    const { client } = h.client(server, { maxRetries: 1 });
    const als = new AsyncLocalStorage<string>();
    let storeSeen: string | undefined;
    let settled = false;
    const seen = record(() => {
      storeSeen = als.getStore();
      expect(settled).toBe(false);
    });
    const error = await als.run("caller", () =>
      rejectionOf(
        client.request({ method: "GET", path: "/v1/x" }).finally(() => {
          settled = true;
        }),
      ),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "GET", status: 500, attempts: 2, retries: 1 });
    expect(seen[0]!.error).toBe(error);
    expect(storeSeen).toBe("caller");
  });

  it("publishes a stream call when its headers arrive", async () => {
    const server = await h.server();
    server.route("POST", "/v1/s", { sse: { events: [{ data: "a" }], keepOpen: true } });
    const { client } = h.client(server);
    const seen = record();
    const stream = await client.stream({ method: "POST", path: "/v1/s", body: {} });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", status: 200, attempts: 1, retries: 0 });
    stream.abort();
  });
});
