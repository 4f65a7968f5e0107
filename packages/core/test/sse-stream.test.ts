import { getEventListeners } from "node:events";
import { encodeSSE, type SSEFrame } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import {
  APIUserAbortError,
  NotFoundError,
  type ServerSentEvent,
  type SSEStream,
  StreamError,
} from "../src/index.js";
import { FAST, harness, pause, rejectionOf } from "./helpers.js";

const h = harness();

const FRAMES: SSEFrame[] = [
  { comment: "keep-alive" },
  { event: "delta", id: "e1", retry: 3000, data: "line one\nline two" },
  { data: { json: true } },
  { event: "vendor.future_event", data: "passed through" },
  { id: "e4", data: "multi\r\nline\rmixed" },
];

const EXPECTED: ServerSentEvent[] = [
  { event: "delta", data: "line one\nline two", id: "e1", retry: 3000 },
  { event: "message", data: '{"json":true}', id: "e1", retry: undefined },
  { event: "vendor.future_event", data: "passed through", id: "e1", retry: undefined },
  { event: "message", data: "multi\nline\nmixed", id: "e4", retry: undefined },
];

async function collect(stream: SSEStream): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("client.stream()", () => {
  it.each(["\n", "\r", "\r\n"] as const)(
    "parses events written one byte per TCP write with line ending %j",
    async (lineEnding) => {
      const server = await h.server();
      server.route("POST", "/v1/stream", {
        headers: { "x-request-id": "sse-1" },
        sse: { events: FRAMES, chunkSize: 1, lineEnding },
      });
      const { client } = h.client(server);
      const stream = await client.stream({ method: "POST", path: "/v1/stream", body: { q: 1 } });
      expect(stream.requestId).toBe("sse-1");
      expect(await collect(stream)).toEqual(EXPECTED);
      expect(server.requests[0]!.headers.accept).toBe("text/event-stream");
    },
  );

  it("handles a CRLF split between two writes and multi-byte characters split across writes", async () => {
    const server = await h.server();
    const text = "data: héllo 🔥\r\n\r\ndata: b\r\n\r\n";
    const cut = text.indexOf("\r") + 1;
    server.route("GET", "/s", (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.flushHeaders();
      res.socket?.setNoDelay(true);
      const bytes = Buffer.from(text, "utf8");
      const cutBytes = Buffer.byteLength(text.slice(0, cut));
      const emoji = Buffer.byteLength("data: héllo ") + 2;
      void (async () => {
        res.write(bytes.subarray(0, emoji));
        await pause(5);
        res.write(bytes.subarray(emoji, cutBytes));
        await pause(5);
        res.end(bytes.subarray(cutBytes));
      })();
    });
    const { client } = h.client(server);
    const events = await collect(await client.stream({ method: "GET", path: "/s" }));
    expect(events.map((e) => e.data)).toEqual(["héllo 🔥", "b"]);
  });

  it("a line over the 1 MiB cap raises StreamError carrying the request id (regression)", async () => {
    const server = await h.server();
    server.route("GET", "/s", {
      headers: { "x-request-id": "sse-long" },
      sse: { events: [`data: ${"x".repeat(1024 * 1024 + 16)}\n\n`] },
    });
    const { client } = h.client(server);
    const error = await rejectionOf(collect(await client.stream({ method: "GET", path: "/s" })));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/exceeds/);
    expect((error as StreamError).requestId).toBe("sse-long");
  });

  it("a stream that ends mid-event raises StreamError carrying the request id", async () => {
    const server = await h.server();
    server.route("GET", "/s", {
      headers: { "x-request-id": "sse-cut" },
      sse: {
        events: [{ data: "complete" }, { event: "delta", data: "cut in the middle of this" }],
        endMidEvent: true,
      },
    });
    const { client } = h.client(server);
    const stream = await client.stream({ method: "GET", path: "/s" });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const event of stream) seen.push(event.data);
      })(),
    );
    expect(seen).toEqual(["complete"]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).requestId).toBe("sse-cut");
  });

  it("a connection reset mid-stream raises StreamError", async () => {
    const server = await h.server();
    server.route("GET", "/s", (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(encodeSSE({ data: "one" }));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { client } = h.client(server);
    const error = await rejectionOf(collect(await client.stream({ method: "GET", path: "/s" })));
    expect(error).toBeInstanceOf(StreamError);
  });

  it("breaking out of for-await aborts the request: the server sees the connection close", async () => {
    const server = await h.server();
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    server.route("GET", "/s", (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(encodeSSE({ data: "first" }));
      res.write(encodeSSE({ data: "second" }));
      res.on("close", () => closed());
      // never ends on its own
    });
    const { client } = h.client(server);
    const stream = await client.stream({ method: "GET", path: "/s" });
    for await (const event of stream) {
      expect(event.data).toBe("first");
      break;
    }
    await serverSawClose;
  });

  it("the caller's signal ends an open stream with APIUserAbortError", async () => {
    const server = await h.server();
    server.route("GET", "/s", { sse: { events: [{ data: "a" }], keepOpen: true } });
    const { client } = h.client(server);
    const controller = new AbortController();
    const stream = await client.stream({
      method: "GET",
      path: "/s",
      signal: controller.signal,
      timeout: 100,
    });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const event of stream) {
          seen.push(event.data);
          await pause(150); // longer than the per-attempt timeout: it covers only the wait for headers
          controller.abort();
        }
      })(),
    );
    expect(seen).toEqual(["a"]);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it("a finished stream leaves no listener on the caller's signal (regression)", async () => {
    const server = await h.server();
    server.route("GET", "/s", { sse: { events: [{ data: "a" }, { data: "b" }] } });
    const { client } = h.client(server);
    const controller = new AbortController();
    const stream = await client.stream({ method: "GET", path: "/s", signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort").length).toBeGreaterThan(0);
    expect((await collect(stream)).map((e) => e.data)).toEqual(["a", "b"]);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("a 503 before the stream starts is retried", async () => {
    const server = await h.server();
    server.route("GET", "/s", { status: 503, headers: FAST }, { sse: { events: [{ data: "ok" }] } });
    const { client } = h.client(server);
    const events = await collect(await client.stream({ method: "GET", path: "/s" }));
    expect(events.map((e) => e.data)).toEqual(["ok"]);
    expect(server.requests.map((r) => r.headers["x-highflame-retry-count"])).toEqual(["0", "1"]);
  });

  it("an error status before the stream maps to its error class", async () => {
    const server = await h.server();
    server.route("GET", "/s", { status: 404, body: { title: "Not Found" } });
    const { client } = h.client(server);
    await expect(client.stream({ method: "GET", path: "/s" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a stream can be iterated only once", async () => {
    const server = await h.server();
    server.route("GET", "/s", { sse: { events: [{ data: "x" }] } });
    const { client } = h.client(server);
    const stream = await client.stream({ method: "GET", path: "/s" });
    await collect(stream);
    await expect(collect(stream)).rejects.toBeInstanceOf(StreamError);
  });
});
