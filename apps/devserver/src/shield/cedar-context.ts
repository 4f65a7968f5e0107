import type { ParsedGuardRequest } from "@highflame/shield";
import type { DetectorOutcome } from "./detectors/types.js";
import type { CedarRequest } from "./policy-engine.js";

/** Converts arbitrary JSON into a Cedar-safe value: non-integer numbers become strings, nulls are dropped. */
export function toCedarValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return undefined;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : String(value);
  if (Array.isArray(value))
    return value.map((v) => toCedarValue(v, depth + 1)).filter((v) => v !== undefined);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = toCedarValue(v, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return undefined;
}

/** Session values exposed to policies. */
export interface SessionContextValues {
  turnCount: number;
  cumulativeRisk: number;
  toolStreak: number;
}

/** Builds the Cedar request for a guard request and the detector outcomes known so far. */
export function buildCedarRequest(
  req: ParsedGuardRequest,
  mode: string,
  principalId: string,
  detectorNames: readonly string[],
  outcomes: readonly DetectorOutcome[],
  session: SessionContextValues,
): CedarRequest {
  const detectors: Record<string, unknown> = {};
  for (const name of detectorNames) detectors[name] = { detected: false, score: 0, matches: 0 };
  for (const o of outcomes) {
    detectors[o.name] = {
      detected: o.detected,
      score: Math.round(o.score * 100),
      matches: typeof o.context.matches === "number" ? o.context.matches : o.spans.length,
    };
  }
  const filePath = typeof req.file?.path === "string" ? req.file.path : "";
  const resource = req.tool
    ? { type: "Tool", id: req.tool.name }
    : filePath
      ? { type: "File", id: filePath }
      : { type: "Content", id: req.content_type };
  return {
    principal: { type: "User", id: principalId },
    action: { type: "Action", id: req.action },
    resource,
    context: {
      content: req.content,
      content_type: req.content_type,
      action: req.action,
      mode,
      product: req.product ?? "guardrails",
      session_id: req.session_id ?? "",
      tool: {
        present: req.tool !== undefined,
        name: req.tool?.name ?? "",
        server_id: req.tool?.server_id ?? "",
        is_builtin: req.tool?.is_builtin ?? false,
      },
      file: { path: filePath },
      detectors,
      session: {
        turn_count: session.turnCount,
        cumulative_risk: Math.round(session.cumulativeRisk * 100),
        tool_streak: session.toolStreak,
      },
      metadata: toCedarValue(req.metadata ?? {}) as Record<string, unknown>,
    },
  };
}
