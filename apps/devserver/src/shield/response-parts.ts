import type { Mode } from "@highflame/shield";
import { severityOf } from "./detectors/registry.js";
import type { DetectorOutcome } from "./detectors/types.js";
import type { ModeOutcome } from "./modes.js";
import type { LoadedPolicy } from "./policy-engine.js";

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** One signal per detected detector, most severe first (ties: higher score, then name). */
export function buildSignals(outcomes: readonly DetectorOutcome[]): Record<string, unknown>[] {
  return outcomes
    .filter((o) => o.detected)
    .map((o) => {
      const labels = Array.isArray(o.context.labels) ? (o.context.labels as string[]) : [];
      const first = o.spans[0];
      return {
        name: o.name,
        detector: o.name,
        label: labels[0] ?? o.spans[0]?.label ?? o.name.toUpperCase(),
        labels,
        severity: severityOf(o.name),
        score: o.score,
        tier: o.tier,
        ...(first ? { start: first.start, end: first.end } : {}),
      };
    })
    .sort(
      (a, b) =>
        (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
        b.score - a.score ||
        a.name.localeCompare(b.name),
    );
}

/** Root causes (explain): each fired policy with the detected detectors it reads. */
export function buildRootCauses(
  fired: readonly LoadedPolicy[],
  outcomes: readonly DetectorOutcome[],
): Record<string, unknown>[] {
  const causes: Record<string, unknown>[] = [];
  for (const p of fired) {
    const hits = outcomes.filter((o) => o.detected && p.detectors.includes(o.name));
    if (hits.length === 0) {
      causes.push({ policy_id: p.id, decision: p.decision, description: p.reason });
      continue;
    }
    for (const o of hits) {
      causes.push({
        policy_id: p.id,
        decision: p.decision,
        detector: o.name,
        label: o.spans[0]?.label ?? o.name.toUpperCase(),
        severity: severityOf(o.name),
        score: o.score,
        description: p.reason,
      });
    }
  }
  return causes;
}

/** Human-readable reason for the decision. */
export function policyReason(mode: Mode, outcome: ModeOutcome, fired: readonly LoadedPolicy[]): string {
  if (fired.length === 0) return "No policy matched";
  if (outcome.enforced.length > 0) return outcome.enforced.map((p) => p.reason).join("; ");
  const reasons = fired.map((p) => `${p.reason} [${p.id}, ${p.mode}]`).join("; ");
  const why = mode === "enforce" ? "policy mode" : `${mode} mode`;
  return `Not enforced (${why}); enforce would ${outcome.actual_decision}: ${reasons}`;
}
