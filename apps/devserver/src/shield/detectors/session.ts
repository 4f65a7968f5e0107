import type { SessionProjectionResult, SessionThresholds } from "../session-store.js";
import type { DetectorOutcome } from "./types.js";

/** Session detectors over the projected post-turn state; inactive (score 0) without a `session_id`. */
export function runSessionDetectors(
  projection: SessionProjectionResult | undefined,
  thresholds: SessionThresholds,
): DetectorOutcome[] {
  const after = projection?.after;
  const make = (
    name: string,
    value: number,
    threshold: number,
    extra: Record<string, unknown>,
  ): DetectorOutcome => ({
    name,
    tier: "slow",
    score: after ? Math.min(1, Math.round((value / threshold) * 100) / 100) : 0,
    detected: after !== undefined && value >= threshold,
    spans: [],
    context: after ? { value, threshold, ...extra } : { applicable: false },
  });
  return [
    make("session_turn_count", after?.turnCount ?? 0, thresholds.turns, {}),
    make("session_cumulative_risk", after?.cumulativeRisk ?? 0, thresholds.cumulativeRisk, {}),
    make("session_tool_loop", after?.toolStreak ?? 0, thresholds.toolLoop, { tool: after?.lastTool ?? null }),
  ];
}
