import { describe, expect, it } from "vitest";
import { StreamError } from "../errors/client-errors.js";
import { type ServerSentEvent, SSEDecoder } from "./decoder.js";

function decodeAll(chunks: string[], options?: { maxLineLength?: number }): ServerSentEvent[] {
  const decoder = new SSEDecoder(options);
  const events = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  return events;
}

const STREAM =
  ": comment\n" +
  "event: delta\nid: 1\nretry: 2500\ndata: first\ndata: second\n\n" +
  "data: no-name\n\n" +
  'event: custom.unknown\ndata: {"a":1}\n\n';

const EXPECTED: ServerSentEvent[] = [
  { event: "delta", data: "first\nsecond", id: "1", retry: 2500 },
  { event: "message", data: "no-name", id: "1", retry: undefined },
  { event: "custom.unknown", data: '{"a":1}', id: "1", retry: undefined },
];

describe("SSEDecoder", () => {
  it("parses a whole stream in one chunk", () => {
    expect(decodeAll([STREAM])).toEqual(EXPECTED);
  });

  it.each(["\n", "\r", "\r\n"])(
    "gives the same events at every chunk boundary with line ending %j",
    (eol) => {
      const text = STREAM.replaceAll("\n", eol);
      for (let cut = 0; cut <= text.length; cut++) {
        expect(decodeAll([text.slice(0, cut), text.slice(cut)])).toEqual(EXPECTED);
      }
      expect(decodeAll([...text])).toEqual(EXPECTED);
    },
  );

  it("treats a CRLF split across chunks as one line break", () => {
    const decoder = new SSEDecoder();
    expect(decoder.push("data: a\r")).toEqual([]);
    expect(decoder.push("\ndata: b\r")).toEqual([]);
    expect(decoder.push("\n\r")).toEqual([
      { event: "message", data: "a\nb", id: undefined, retry: undefined },
    ]);
    expect(decoder.push("\n")).toEqual([]);
    decoder.end();
  });

  it("keeps a pending CR across an empty chunk (regression)", () => {
    const decoder = new SSEDecoder();
    decoder.push("data: a\r");
    decoder.push("");
    const events = decoder.push("\ndata: b\n\n");
    expect(events).toEqual([{ event: "message", data: "a\nb", id: undefined, retry: undefined }]);
  });

  it("ignores comments, unknown fields, and events without data", () => {
    expect(decodeAll([": hi\nfoo: bar\nevent: x\n\n:only comment\n\ndata\n\n"])).toEqual([
      { event: "message", data: "", id: undefined, retry: undefined },
    ]);
  });

  it("strips exactly one space after the colon", () => {
    expect(decodeAll(["data:  two\ndata:none\n\n"])[0]!.data).toBe(" two\nnone");
  });

  it("persists id across events, ignores ids containing NUL, and resets to empty on a bare id", () => {
    const events = decodeAll(["id: 7\ndata: a\n\nid: bad\0id\ndata: b\n\nid\ndata: c\n\n"]);
    expect(events.map((e) => e.id)).toEqual(["7", "7", ""]);
  });

  it("keeps retry only on the event that carried it and ignores non-numeric retry", () => {
    const events = decodeAll(["retry: 10\ndata: a\n\nretry: soon\ndata: b\n\n"]);
    expect(events.map((e) => e.retry)).toEqual([10, undefined]);
  });

  it("raises StreamError when a line exceeds the cap, complete or still buffered", () => {
    expect(() => decodeAll([`data: ${"x".repeat(20)}\n\n`], { maxLineLength: 10 })).toThrow(StreamError);
    const decoder = new SSEDecoder({ maxLineLength: 10 });
    expect(() => decoder.push("data: 0123456789")).toThrow(/exceeds 10 characters/);
  });

  it("raises StreamError when the input ends mid-event", () => {
    for (const tail of ["data: a", "data: a\n", "event: x\n", "data: a\ndata"]) {
      const decoder = new SSEDecoder();
      decoder.push(tail);
      expect(() => decoder.end(), tail).toThrow(StreamError);
    }
  });

  it("ends cleanly after a complete event", () => {
    const decoder = new SSEDecoder();
    decoder.push("data: a\n\n");
    expect(decoder.hasPartialEvent).toBe(false);
    expect(() => decoder.end()).not.toThrow();
  });

  it("bounds one event's data: many short data lines without a blank line raise StreamError", () => {
    const decoder = new SSEDecoder({ maxEventSize: 100 });
    expect(() => {
      for (let i = 0; i < 50; i++) decoder.push("data: abcdefgh\n");
    }).toThrow(/event exceeds 100 characters/);
    const fresh = new SSEDecoder({ maxEventSize: 100 });
    for (let i = 0; i < 50; i++) expect(fresh.push("data: abcdefgh\n\n")).toHaveLength(1);
  });
});
