import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeSSE, startTestServer, type TestServer } from "../src/index.js";
import { rejectionOf } from "./wait-for.js";

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** Read a fetch body, keeping each read separately. */
async function readAll(res: Response): Promise<string[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const reads: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return reads;
    reads.push(decoder.decode(value, { stream: true }));
  }
}

describe("encodeSSE", () => {
  it("encodes every field in a stable order and ends with a blank line", () => {
    expect(encodeSSE({ comment: "hi", event: "delta", id: "7", retry: 1500, data: "x" })).toBe(
      ": hi\nevent: delta\nid: 7\nretry: 1500\ndata: x\n\n",
    );
  });

  it("JSON-encodes object data and splits multi-line data into several data lines", () => {
    expect(encodeSSE({ data: { a: 1 } })).toBe('data: {"a":1}\n\n');
    expect(encodeSSE({ data: "one\ntwo\r\nthree" })).toBe("data: one\ndata: two\ndata: three\n\n");
  });

  it("uses the given line ending everywhere and passes raw strings through", () => {
    expect(encodeSSE({ event: "e", data: "d" }, "\r\n")).toBe("event: e\r\ndata: d\r\n\r\n");
    expect(encodeSSE({ data: "d" }, "\r")).toBe("data: d\r\r");
    expect(encodeSSE("data: raw\n\n", "\r\n")).toBe("data: raw\n\n");
  });
});

describe("SSE responses", () => {
  it("streams events as text/event-stream, one write per event", async () => {
    server.route("GET", "/events", {
      sse: { events: [{ event: "start" }, { data: { n: 1 } }, "data: raw\n\n"], chunkDelayMs: 30 },
    });
    const res = await fetch(`${server.url}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const reads = await readAll(res);
    expect(reads.join("")).toBe('event: start\n\ndata: {"n":1}\n\ndata: raw\n\n');
    // One write per event, with a pause between: the client cannot get the whole stream in one read.
    expect(reads.length).toBeGreaterThan(1);
    expect(reads[0]!.endsWith("\n\n")).toBe(true);
  });

  it("splits the stream into chunkSize-byte writes that arrive as separate reads", async () => {
    const events = [
      { id: "1", data: "héllo wörld" },
      { id: "2", data: "second" },
    ];
    const expected = events.map((event) => encodeSSE(event)).join("");
    server.route("GET", "/chunks", { sse: { events, chunkSize: 7, chunkDelayMs: 20 } });
    const res = await fetch(`${server.url}/chunks`);
    const reader = res.body!.getReader();
    const reads: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads.push(value);
    }
    expect(Buffer.concat(reads).toString("utf8")).toBe(expected);
    expect(reads.length).toBeGreaterThan(1);
    // Every read is made of whole 7-byte writes (the last write may be shorter), even mid-character.
    for (const read of reads.slice(0, -1)) expect(read.length % 7).toBe(0);
    expect(reads.some((read) => read.length === 7)).toBe(true);
  });

  it("answers 500 for an invalid chunkSize before sending any stream bytes", async () => {
    server.route("GET", "/bad", { sse: { events: [{ data: "x" }], chunkSize: 0 } });
    const res = await fetch(`${server.url}/bad`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: "responder_error" });
    expect(server.errors[0]).toBeInstanceOf(RangeError);
  });

  it("endMidEvent stops part-way through the last event and ends the stream cleanly", async () => {
    server.route("GET", "/cut", {
      sse: { events: [{ data: "first" }, { data: "second event" }], endMidEvent: true },
    });
    const text = await (await fetch(`${server.url}/cut`)).text();
    const last = encodeSSE({ data: "second event" });
    expect(text).toBe("data: first\n\n" + last.slice(0, Math.floor(last.length / 2)));
    expect(text.endsWith("\n\n")).toBe(false);
  });

  it("honours lineEnding, status and extra headers", async () => {
    server.route("GET", "/crlf", {
      status: 201,
      headers: { "x-stream": "1" },
      sse: { events: [{ event: "a", data: "b" }], lineEnding: "\r\n" },
    });
    const res = await fetch(`${server.url}/crlf`);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-stream")).toBe("1");
    expect(await res.text()).toBe("event: a\r\ndata: b\r\n\r\n");
  });

  it("keepOpen leaves the stream open until the server closes", async () => {
    server.route("GET", "/open", { sse: { events: [{ data: "hello" }], keepOpen: true } });
    const res = await fetch(`${server.url}/open`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: hello\n\n");
    const next = reader.read();
    await server.close();
    expect(await rejectionOf(next)).toBeInstanceOf(TypeError);
  });

  it("stops writing when the client goes away", async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ data: String(i) }));
    server.route("GET", "/long", { sse: { events, chunkDelayMs: 20 } });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/long`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    expect(server.errors).toEqual([]);
  });
});
