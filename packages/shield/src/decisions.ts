import type { GuardResponse } from "./wire/guard-response.js";

/** True when the action may proceed: `allow`, or `modify` (continue with `redacted_content`). Unknown → false. */
export function allowed(response: Pick<GuardResponse, "decision">): boolean {
  return response.decision === "allow" || response.decision === "modify";
}

/** True when a policy blocked the action (`deny`). */
export function denied(response: Pick<GuardResponse, "decision">): boolean {
  return response.decision === "deny";
}

/** True for `step_up` and `defer`: the action must not proceed automatically. */
export function suspended(response: Pick<GuardResponse, "decision">): boolean {
  return response.decision === "step_up" || response.decision === "defer";
}

/** True when an alert-mode policy fired (`alerted: true`), whatever the decision. */
export function alerted(response: Pick<GuardResponse, "alerted">): boolean {
  return response.alerted === true;
}

/**
 * True when a policy would have blocked even though the enforced decision was `allow` (monitor/alert modes):
 * `actual_decision` is present and not allowed.
 */
export function wouldBlock(response: Pick<GuardResponse, "decision" | "actual_decision">): boolean {
  return response.actual_decision !== undefined && !allowed({ decision: response.actual_decision });
}

/** The human-readable reason: `policy_reason ?? reason`. */
export function policyReason(response: Pick<GuardResponse, "policy_reason" | "reason">): string | undefined {
  return response.policy_reason ?? response.reason;
}

/** True for a response synthesised by `failMode: "open"` while Shield was unreachable. */
export function isDegraded(response: GuardResponse): boolean {
  return (response as { degraded?: unknown }).degraded === true;
}
