import { describe, expect, it } from "vitest";
import {
  contentText,
  hashToolDefinition,
  readStateKey,
  replaceContentText,
  resolveSessionId,
  SessionMessageTracker,
  ToolDefinitionScanner,
  toToolDefinitions,
  trailingUserIndices,
} from "../src/index.js";

describe("SessionMessageTracker", () => {
  it("reports only unseen messages per session", () => {
    const tracker = new SessionMessageTracker();
    const turn1 = [{ role: "user", text: "hi" }];
    expect(tracker.unseen("a", turn1)).toEqual([0]);
    tracker.markSeen("a", turn1[0]!, 0);
    const turn2 = [...turn1, { role: "assistant", text: "hello" }, { role: "user", text: "hi" }];
    expect(tracker.unseen("a", turn2)).toEqual([1, 2]); // same text at a new position is new
    expect(tracker.unseen("b", turn2)).toEqual([0, 1, 2]); // sessions are separate
  });

  it("uses message ids when present and forgets the least recently used session", () => {
    const tracker = new SessionMessageTracker({ maxSessions: 2 });
    tracker.markSeen("a", { role: "user", text: "x", id: "m1" }, 0);
    expect(tracker.unseen("a", [{ role: "user", text: "changed", id: "m1" }])).toEqual([]);
    tracker.markSeen("b", { role: "user", text: "x" }, 0);
    tracker.markSeen("c", { role: "user", text: "x" }, 0);
    expect(tracker.size).toBe(2);
    expect(tracker.unseen("a", [{ role: "user", text: "x", id: "m1" }])).toEqual([0]);
  });

  it("without a session only trailing user messages are new", () => {
    const roles = ["user", "assistant", "tool", "user", "user"].map((role) => ({ role, text: "t" }));
    expect(trailingUserIndices(roles)).toEqual([3, 4]);
    expect(trailingUserIndices([...roles, { role: "tool", text: "t" }])).toEqual([]);
  });
});

describe("ToolDefinitionScanner", () => {
  it("hashes definitions independent of key order", () => {
    const a = hashToolDefinition({
      name: "t",
      description: "d",
      parameters: { type: "object", properties: { x: {} } },
    });
    const b = hashToolDefinition({
      parameters: { properties: { x: {} }, type: "object" },
      description: "d",
      name: "t",
    });
    expect(a).toBe(b);
    expect(hashToolDefinition({ name: "t", description: "d2" })).not.toBe(a);
  });

  it("runs each key once, shares in-flight scans, forgets failures", async () => {
    const scanner = new ToolDefinitionScanner<number>();
    let runs = 0;
    const scan = async () => ++runs;
    const [x, y] = await Promise.all([scanner.scanOnce("k", scan), scanner.scanOnce("k", scan)]);
    expect([x, y, runs]).toEqual([1, 1, 1]);
    await expect(scanner.scanOnce("bad", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(scanner.has("bad")).toBe(false);
    expect(await scanner.scanOnce("bad", scan)).toBe(2);
  });

  it("normalises framework tool shapes", () => {
    const defs = toToolDefinitions([
      { name: "a", description: "A", schema: { type: "object" } },
      { type: "function", function: { name: "b", description: "B", parameters: { type: "object" } } },
      { type: "function", name: "c", inputSchema: { type: "object" } },
      { description: "nameless" },
    ]);
    expect(defs.map((d) => d.name)).toEqual(["a", "b", "c"]);
    expect(defs[1]).toMatchObject({ description: "B", parameters: { type: "object" } });
  });
});

describe("content and session helpers", () => {
  it("reads and replaces text in strings and block arrays", () => {
    const blocks = [
      { type: "text", text: "a" },
      { type: "image", url: "u" },
      { type: "text", text: "b" },
    ];
    expect(contentText(blocks)).toBe("a\nb");
    expect(replaceContentText(blocks, "z")).toEqual([
      { type: "text", text: "z" },
      { type: "image", url: "u" },
    ]);
    expect(contentText([{ type: "text", text: { value: "azure" } }])).toBe("azure");
    expect(replaceContentText("plain", "z")).toBe("z");
  });

  it("resolves the first usable session id", () => {
    const state = new Map([["session_id", "from-map"]]);
    expect(resolveSessionId(undefined, "", () => readStateKey(state, "session_id"), "later")).toBe(
      "from-map",
    );
    expect(readStateKey({ ctx: { sid: "deep" } }, "ctx.sid")).toBe("deep");
    expect(
      resolveSessionId(() => {
        throw new Error("x");
      }, undefined),
    ).toBeUndefined();
  });
});

describe("toToolDefinitions schema conversion", () => {
  it("converts schema objects exposing toJSONSchema() (zod 4) and drops other class instances", () => {
    class FakeZod {
      toJSONSchema() {
        return { type: "object", properties: { id: { type: "string", description: "record id" } } };
      }
    }
    class Opaque {}
    const [zod, opaque] = toToolDefinitions([
      { name: "z", description: "d", schema: new FakeZod() },
      { name: "o", description: "d", schema: new Opaque() },
    ]);
    expect(zod!.parameters).toEqual({
      type: "object",
      properties: { id: { type: "string", description: "record id" } },
    });
    expect(opaque!.parameters).toBeUndefined();
  });
});
