import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  CONTENT_TYPES,
  DECISIONS,
  DecisionSchema,
  DetectRequestSchema,
  GuardRequestSchema,
  GuardResponseSchema,
  MODES,
  RedactionEntrySchema,
  StreamErrorEventSchema,
  ToolContextSchema,
} from "./index.js";

describe("GuardRequestSchema", () => {
  const base = { content: "hi", content_type: "prompt", action: "process_prompt" } as const;

  it("accepts the minimal request and every enum value", () => {
    expect(GuardRequestSchema.parse(base)).toEqual(base);
    for (const content_type of CONTENT_TYPES)
      expect(GuardRequestSchema.safeParse({ ...base, content_type }).success).toBe(true);
    for (const action of ACTIONS)
      expect(GuardRequestSchema.safeParse({ ...base, action }).success).toBe(true);
    for (const mode of MODES) expect(GuardRequestSchema.safeParse({ ...base, mode }).success).toBe(true);
  });

  it("names the failing field", () => {
    const empty = GuardRequestSchema.safeParse({ ...base, content: "" });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.path).toEqual(["content"]);
    const mode = GuardRequestSchema.safeParse({ ...base, mode: "block" });
    expect(mode.error?.issues[0]?.path).toEqual(["mode"]);
    const tool = GuardRequestSchema.safeParse({ ...base, tool: { arguments: {} } });
    expect(tool.error?.issues[0]?.path).toEqual(["tool", "name"]);
  });

  it("keeps every documented optional field and open file/mcp contexts", () => {
    const full = {
      ...base,
      mode: "monitor",
      session_id: "s1",
      tool: {
        name: "t",
        arguments: { a: 1 },
        server_id: "srv",
        is_builtin: false,
        description: "d",
        extra: 1,
      },
      model: { provider: "p", model: "m", temperature: 0.2, tokens_used: 3, max_tokens: 9 },
      file: { path: "/x", anything: true },
      mcp: { server_id: "m", custom: [1] },
      contexts: ["c"],
      detectors: ["secrets"],
      metadata: { k: "v" },
      explain: true,
      debug: true,
      optimize: false,
      dryrun: false,
      early_exit: true,
      product: "guardrails",
    };
    expect(GuardRequestSchema.parse(full)).toEqual(full);
  });

  it("requires a tool name", () => {
    expect(ToolContextSchema.safeParse({ name: "" }).success).toBe(false);
  });

  it("DetectRequest requires content and content_type only", () => {
    expect(DetectRequestSchema.safeParse({ content: "x", content_type: "file" }).success).toBe(true);
    expect(DetectRequestSchema.safeParse({ content: "x" }).success).toBe(false);
  });
});

describe("GuardResponseSchema", () => {
  it("requires only decision and keeps unknown fields", () => {
    expect(GuardResponseSchema.safeParse({}).success).toBe(false);
    const parsed = GuardResponseSchema.parse({
      decision: "allow",
      future_field: { x: 1 },
      signals: [{ name: "n", extra: true }],
      determining_policies: [{ id: "p", whatever: 2 }],
    });
    expect(parsed.future_field).toEqual({ x: 1 });
    expect(parsed.signals?.[0]).toEqual({ name: "n", extra: true });
    expect(parsed.determining_policies?.[0]?.whatever).toBe(2);
  });

  it("accepts the five decisions and an unknown string", () => {
    for (const d of DECISIONS) expect(DecisionSchema.parse(d)).toBe(d);
    expect(GuardResponseSchema.parse({ decision: "quarantine" }).decision).toBe("quarantine");
    expect(DECISIONS).toEqual(["allow", "modify", "deny", "step_up", "defer"]);
  });

  it("validates redaction entries", () => {
    expect(
      RedactionEntrySchema.safeParse({ start_pos: 0, end_pos: 3, original: "abc", replacement: "[X]" })
        .success,
    ).toBe(true);
    expect(RedactionEntrySchema.safeParse({ start_pos: 0, replacement: "[X]" }).success).toBe(false);
    expect(StreamErrorEventSchema.parse({ detail: "x" })).toEqual({ detail: "x" });
  });
});
