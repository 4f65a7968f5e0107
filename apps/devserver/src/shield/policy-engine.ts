import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { applyV8Workaround } from "../v8-workaround.js";
import { checkContextReferences, checkPolicyComplexity, lineCol } from "./policy-lint.js";

// Before any Cedar call gets optimised: see ../v8-workaround.ts.
applyV8Workaround();

/** Decisions a policy may produce through `@decision`. */
export const POLICY_DECISIONS = ["deny", "step_up", "defer", "modify"] as const;

/** A policy decision. */
export type PolicyDecision = (typeof POLICY_DECISIONS)[number];

/** Policy modes accepted in `@mode`. */
export const POLICY_MODES = ["enforce", "monitor", "alert"] as const;

/** A policy mode. */
export type PolicyMode = (typeof POLICY_MODES)[number];

/** A loaded policy with its annotations resolved. */
export interface LoadedPolicy {
  id: string;
  effect: "permit" | "forbid";
  decision: PolicyDecision;
  mode: PolicyMode;
  reason: string;
  annotations: Record<string, string>;
  /** Detector names the policy reads from `context.detectors.<name>`. */
  detectors: string[];
  text: string;
}

/** Outcome of one Cedar evaluation. */
export interface PolicyEvaluation {
  fired: LoadedPolicy[];
  errors: { policy_id: string; message: string }[];
}

/** Raised when a policy set cannot be loaded; the message carries Cedar's message and `line:column`. */
export class PolicyLoadError extends Error {
  override readonly name = "PolicyLoadError";
}

/** Cedar request entities and context. */
export interface CedarRequest {
  principal: { type: string; id: string };
  action: { type: string; id: string };
  resource: { type: string; id: string };
  context: Record<string, unknown>;
}

const BASELINE_ID = "__baseline_permit";
/** Rank used to pick the most severe decision. */
export const DECISION_RANK: Record<string, number> = { allow: 0, modify: 1, defer: 2, step_up: 3, deny: 4 };

function formatErrors(source: string, text: string, errors: cedar.DetailedError[]): string {
  return errors
    .map((e) => {
      const loc = e.sourceLocations?.[0];
      const where = loc ? `${source}:${lineCol(text, loc.start)}` : source;
      const label = loc?.label ? ` (${loc.label})` : "";
      const help = e.help ? `; help: ${e.help}` : "";
      return `${where}: ${e.message}${label}${help}`;
    })
    .join("\n");
}

function referencedDetectors(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) referencedDetectors(n, out);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const dot = (node as Record<string, unknown>)["."] as { left?: unknown; attr?: string } | undefined;
  if (dot && typeof dot.attr === "string") {
    const left = dot.left as Record<string, { left?: { Var?: string }; attr?: string }> | undefined;
    const inner = left?.["."];
    if (inner?.attr === "detectors" && inner.left?.Var === "context") out.add(dot.attr);
  }
  for (const v of Object.values(node)) referencedDetectors(v, out);
}

/**
 * Parses and checks a Cedar policy set; throws {@link PolicyLoadError} with the message and `SOURCE:line:col`.
 * Size, nesting and operator count are checked before Cedar sees the text (so it cannot overflow Cedar's
 * stack), and every `context` attribute reference after it parsed (see `policy-lint.ts`).
 */
export function loadPolicies(text: string, source = "policies"): LoadedPolicy[] {
  const issue = checkPolicyComplexity(text);
  if (issue) throw new PolicyLoadError(`${source}:${lineCol(text, issue.offset)}: ${issue.message}`);
  let policies: LoadedPolicy[];
  try {
    policies = loadCheckedPolicies(text, source);
  } catch (err) {
    if (err instanceof PolicyLoadError) throw err;
    throw new PolicyLoadError(`${source}: Cedar could not process the policies: ${(err as Error).message}`);
  }
  const unknown = checkContextReferences(text);
  if (unknown) throw new PolicyLoadError(`${source}:${lineCol(text, unknown.offset)}: ${unknown.message}`);
  return policies;
}

function loadCheckedPolicies(text: string, source: string): LoadedPolicy[] {
  const parsed = cedar.checkParsePolicySet({ staticPolicies: text });
  if (parsed.type === "failure") throw new PolicyLoadError(formatErrors(source, text, parsed.errors));
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === "failure") throw new PolicyLoadError(formatErrors(source, text, parts.errors));
  if (parts.policy_templates.length > 0)
    throw new PolicyLoadError(`${source}: policy templates are not supported`);
  const policies: LoadedPolicy[] = [];
  const seen = new Set<string>();
  parts.policies.forEach((policyText, index) => {
    const json = cedar.policyToJson(policyText);
    if (json.type === "failure") throw new PolicyLoadError(formatErrors(source, policyText, json.errors));
    const annotations = Object.fromEntries(
      Object.entries(json.json.annotations ?? {}).map(([k, v]) => [k, v ?? ""]),
    ) as Record<string, string>;
    const id = annotations.id ?? `policy${index}`;
    if (seen.has(id) || id === BASELINE_ID)
      throw new PolicyLoadError(`${source}: duplicate policy @id("${id}")`);
    seen.add(id);
    const decision = annotations.decision ?? "deny";
    if (!(POLICY_DECISIONS as readonly string[]).includes(decision)) {
      throw new PolicyLoadError(
        `${source}: policy "${id}": @decision must be one of ${POLICY_DECISIONS.join(", ")}`,
      );
    }
    const mode = annotations.mode ?? "enforce";
    if (!(POLICY_MODES as readonly string[]).includes(mode)) {
      throw new PolicyLoadError(`${source}: policy "${id}": @mode must be one of ${POLICY_MODES.join(", ")}`);
    }
    const detectors = new Set<string>();
    referencedDetectors(json.json.conditions, detectors);
    policies.push({
      id,
      effect: json.json.effect,
      decision: decision as PolicyDecision,
      mode: mode as PolicyMode,
      reason: annotations.reason ?? `Policy ${id} matched`,
      annotations,
      detectors: [...detectors].sort(),
      text: policyText,
    });
  });
  return policies;
}

/** Evaluates loaded policies for one request; returns the `forbid` policies that fired. */
export function evaluatePolicies(policies: readonly LoadedPolicy[], request: CedarRequest): PolicyEvaluation {
  const staticPolicies: Record<string, string> = { [BASELINE_ID]: "permit (principal, action, resource);" };
  for (const p of policies) staticPolicies[p.id] = p.text;
  const answer = cedar.isAuthorized({
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    context: request.context as cedar.Context,
    entities: [],
    policies: { staticPolicies },
  });
  if (answer.type === "failure") {
    throw new Error(`Cedar evaluation failed: ${answer.errors.map((e) => e.message).join("; ")}`);
  }
  const byId = new Map(policies.map((p) => [p.id, p]));
  const fired =
    answer.response.decision === "deny"
      ? answer.response.diagnostics.reason
          .map((id) => byId.get(id))
          .filter((p): p is LoadedPolicy => p !== undefined)
      : [];
  return {
    fired,
    errors: answer.response.diagnostics.errors.map((e) => ({
      policy_id: e.policyId,
      message: e.error.message,
    })),
  };
}
