import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, type SSEStream } from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();

/** An event stream that sends one event, then only comments (heartbeats) every `everyMs`, forever. */
function commentsOnly(everyMs: number, closed: { value: boolean }) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write("data: first\n\n");
    const timer = setInterval(() => res.write(": keep-alive\n\n"), everyMs);
    res.on("close", () => {
      clearInterval(timer);
      closed.value = true;
    });
  };
}

async function drain(stream: SSEStream, seen: string[]): Promise<void> {
  for await (const event of stream) seen.push(event.data);
}

describe("stream idle timeout and deadline", () => {
  it.each(["dispatch", "fetch"] as const)(
    "`timeout` bounds the wait between events: comments do not count (%s)",
    async (transport) => {
      const server = await h.server();
      const closed = { value: false };
      server.route("GET", "/s", commentsOnly(20, closed));
      const { client } = h.client(server, transport === "fetch" ? { fetch: (u, i) => fetch(u, i) } : {});
      const started = Date.now();
      const stream = await client.stream({ method: "GET", path: "/s", timeout: 200 });
      const seen: string[] = [];
      const error = await rejectionOf(drain(stream, seen));
      expect(seen).toEqual(["first"]);
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect((error as Error).message).toMatch(/No event for 200 ms/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      await expect.poll(() => closed.value).toBe(true);
    },
  );

  it("regular events keep a stream alive past `timeout`", async () => {
    const server = await h.server();
    server.route("GET", "/s", {
      sse: { events: Array.from({ length: 8 }, (_, i) => ({ data: String(i) })), chunkDelayMs: 40 },
    });
    const { client } = h.client(server);
    const stream = await client.stream({ method: "GET", path: "/s", timeout: 150 });
    const seen: string[] = [];
    await drain(stream, seen);
    expect(seen).toHaveLength(8);
  });

  it("`deadline` bounds the whole call, events arriving or not", async () => {
    const server = await h.server();
    const closed = { value: false };
    server.route("GET", "/s", (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const timer = setInterval(() => res.write("data: tick\n\n"), 20);
      res.on("close", () => {
        clearInterval(timer);
        closed.value = true;
      });
    });
    const { client } = h.client(server);
    const started = Date.now();
    const stream = await client.stream({ method: "GET", path: "/s", timeout: 5_000, deadline: 300 });
    const seen: string[] = [];
    const error = await rejectionOf(drain(stream, seen));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/Deadline/);
    expect(seen.length).toBeGreaterThan(2);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3_000);
    await expect.poll(() => closed.value).toBe(true);
  });

  it("a `deadline` shorter than the wait for headers ends the call as a timeout", async () => {
    const server = await h.server();
    server.route("GET", "/s", { fault: "stall" });
    const { client } = h.client(server);
    const error = await rejectionOf(client.stream({ method: "GET", path: "/s", deadline: 150 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/Deadline of 150 ms/);
  });
});
