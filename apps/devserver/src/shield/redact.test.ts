import { describe, expect, it } from "vitest";
import { luhnValid } from "./detectors/pii.js";
import { resolveMode } from "./modes.js";
import type { LoadedPolicy } from "./policy-engine.js";
import { loadPolicies } from "./policy-engine.js";
import { redact } from "./redact.js";

describe("redact", () => {
  it("merges overlapping spans and keeps original positions", () => {
    const { text, entries } = redact("abcdefghij", [
      { start: 1, end: 4, label: "A" },
      { start: 3, end: 6, label: "B" },
      { start: 8, end: 9, label: "C" },
    ]);
    expect(text).toBe("a[A]gh[C]j");
    expect(entries).toEqual([
      { start_pos: 1, end_pos: 6, original: "bcdef", replacement: "[A]" },
      { start_pos: 8, end_pos: 9, original: "i", replacement: "[C]" },
    ]);
  });

  it("returns the content unchanged without spans", () => {
    expect(redact("same", [])).toEqual({ text: "same", entries: [] });
  });
});

describe("luhn", () => {
  it("accepts valid and rejects invalid numbers", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("5500005555555559")).toBe(true);
  });
});

describe("resolveMode", () => {
  const [deny, stepUp, monitorDeny, alertDeny] = loadPolicies(`
@id("d") forbid (principal, action, resource);
@id("s") @decision("step_up") forbid (principal, action, resource);
@id("m") @mode("monitor") forbid (principal, action, resource);
@id("a") @mode("alert") forbid (principal, action, resource);`) as [
    LoadedPolicy,
    LoadedPolicy,
    LoadedPolicy,
    LoadedPolicy,
  ];

  it("enforce picks the most severe enforced decision", () => {
    const out = resolveMode("enforce", [stepUp, deny]);
    expect(out).toMatchObject({ decision: "deny", actual_decision: "deny", mode_overridden: false });
    expect(out.enforced.map((p) => p.id)).toEqual(["d"]);
  });

  it("policy-level monitor and alert do not enforce", () => {
    expect(resolveMode("enforce", [monitorDeny])).toMatchObject({
      decision: "allow",
      actual_decision: "deny",
      effective_mode: "monitor",
      mode_overridden: true,
    });
    expect(resolveMode("enforce", [alertDeny, monitorDeny])).toMatchObject({
      decision: "allow",
      alerted: true,
      effective_mode: "alert",
    });
    expect(resolveMode("enforce", [alertDeny, stepUp])).toMatchObject({
      decision: "step_up",
      alerted: true,
      effective_mode: "enforce",
    });
  });

  it("modify still blocks on an enforced deny or step_up (regression: modify used to let them through)", () => {
    expect(resolveMode("modify", [deny])).toMatchObject({ decision: "deny", effective_mode: "modify" });
    expect(resolveMode("modify", [stepUp])).toMatchObject({ decision: "step_up" });
    expect(resolveMode("modify", [monitorDeny])).toMatchObject({
      decision: "allow",
      actual_decision: "deny",
    });
  });

  it("request monitor/alert never block", () => {
    expect(resolveMode("monitor", [deny])).toMatchObject({
      decision: "allow",
      actual_decision: "deny",
      alerted: false,
    });
    expect(resolveMode("alert", [deny])).toMatchObject({ decision: "allow", alerted: true });
    expect(resolveMode("alert", [])).toMatchObject({
      decision: "allow",
      alerted: false,
      mode_overridden: false,
    });
  });
});
