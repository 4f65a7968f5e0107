import { HighflameError } from "@highflame/core";
import type { GuardResponse } from "./wire/guard-response.js";

function reasonText(response: GuardResponse): string {
  const reason = response.policy_reason ?? response.reason;
  return reason ? `: ${reason}` : "";
}

/**
 * A Shield wrapper (or `GuardHandle.check()`) refused to proceed because the decision was `deny` (or an unknown
 * decision, which fails closed). `guard.evaluate()` itself never throws on a deny; it returns the response.
 */
export class BlockedError extends HighflameError {
  static override readonly kind: string = "BlockedError";
  /** The full guard response that caused the block. */
  readonly response: GuardResponse;
  /** The raw decision string (`deny`, `step_up`, `defer`, or an unknown value). */
  readonly decision: string;
  /** `policy_reason ?? reason` of the response. */
  readonly reason: string | undefined;

  constructor(response: GuardResponse, message?: string, options: { code?: string } = {}) {
    super(message ?? `Blocked by Highflame Shield (decision "${response.decision}")${reasonText(response)}`, {
      code: options.code ?? "blocked",
    });
    this.response = response;
    this.decision = response.decision;
    this.reason = response.policy_reason ?? response.reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), decision: this.decision, requestId: this.response.request_id };
  }
}

/**
 * The decision was `step_up` (more assurance needed) or `defer` (human review): the action must not proceed
 * automatically. A subclass of {@link BlockedError}, so `catch (e) { if (e instanceof BlockedError) … }` still
 * covers it; check `instanceof SuspendedError` first to route it to an approval flow.
 */
export class SuspendedError extends BlockedError {
  static override readonly kind: string = "SuspendedError";
  constructor(response: GuardResponse) {
    super(
      response,
      `Suspended by Highflame Shield (decision "${response.decision}"): the action needs ${
        response.decision === "defer" ? "human review" : "additional assurance"
      } before it may proceed${reasonText(response)}`,
      { code: "suspended" },
    );
  }
}

/** `verifyPolicies()` found no loaded policies (or some required ones missing). */
export class PolicyVerificationError extends HighflameError {
  static override readonly kind: string = "PolicyVerificationError";
  /** Policy namespace that was checked. */
  readonly product: string;
  /** Required policy ids that were not loaded. */
  readonly missing: readonly string[];
  constructor(message: string, options: { product: string; missing?: readonly string[] }) {
    super(message, { code: "policies_not_loaded" });
    this.product = options.product;
    this.missing = options.missing ?? [];
  }
}
