import type { Mode } from "@highflame/shield";
import { DECISION_RANK, type LoadedPolicy } from "./policy-engine.js";

/** How the request mode and the fired policies' own modes combine into the returned decision. */
export interface ModeOutcome {
  decision: string;
  actual_decision: string;
  mode_overridden: boolean;
  effective_mode: string;
  alerted: boolean;
  /** Policies whose decision was enforced (the determining policies). */
  enforced: LoadedPolicy[];
}

/** The most severe decision among policies (deny > step_up > defer > modify > allow). */
export function mostSevere(policies: readonly LoadedPolicy[]): string {
  let best = "allow";
  for (const p of policies)
    if ((DECISION_RANK[p.decision] ?? 0) > (DECISION_RANK[best] ?? 0)) best = p.decision;
  return best;
}

/**
 * Resolves spec §8.2: `enforce` → the policy outcome (policies annotated `@mode("monitor"|"alert")` only
 * observe or alert); `monitor` → allow with `actual_decision`; `alert` → allow, `alerted` when a policy fired;
 * `modify` → like enforce for blocking policies (deny/step_up/defer still block), else `modify` when a
 * redaction policy fired, else `allow`.
 */
export function resolveMode(mode: Mode, fired: readonly LoadedPolicy[]): ModeOutcome {
  const actual = mostSevere(fired);
  if (mode === "monitor") {
    return {
      decision: "allow",
      actual_decision: actual,
      mode_overridden: actual !== "allow",
      effective_mode: "monitor",
      alerted: false,
      enforced: [],
    };
  }
  if (mode === "alert") {
    return {
      decision: "allow",
      actual_decision: actual,
      mode_overridden: actual !== "allow",
      effective_mode: "alert",
      alerted: fired.length > 0,
      enforced: [],
    };
  }
  if (mode === "modify") {
    // Modify is enforce plus redaction: a blocking policy still blocks (fail closed), otherwise content
    // matched by a redaction policy comes back as `modify` with `redacted_content`.
    const enforcedBlocking = fired.filter(
      (p) => p.mode === "enforce" && (DECISION_RANK[p.decision] ?? 0) > 1,
    );
    const redacting = fired.filter((p) => p.decision === "modify" && p.mode === "enforce");
    const blocking = mostSevere(enforcedBlocking);
    const decision = blocking !== "allow" ? blocking : redacting.length > 0 ? "modify" : "allow";
    return {
      decision,
      actual_decision: actual,
      mode_overridden: actual !== decision,
      effective_mode: "modify",
      alerted: fired.some((p) => p.mode === "alert"),
      enforced: blocking !== "allow" ? enforcedBlocking.filter((p) => p.decision === blocking) : redacting,
    };
  }
  const enforced = fired.filter((p) => p.mode === "enforce");
  const decision = mostSevere(enforced);
  const top = enforced.filter((p) => p.decision === decision);
  const alerted = fired.some((p) => p.mode === "alert");
  const effective =
    enforced.length > 0
      ? "enforce"
      : alerted
        ? "alert"
        : fired.some((p) => p.mode === "monitor")
          ? "monitor"
          : "enforce";
  return {
    decision,
    actual_decision: actual,
    mode_overridden: actual !== decision,
    effective_mode: effective,
    alerted,
    enforced: decision === "allow" ? [] : top,
  };
}
