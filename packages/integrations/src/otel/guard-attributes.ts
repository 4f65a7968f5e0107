import { allowed, type GuardRequest, type GuardResponse } from "@highflame/shield";
import type { Attributes } from "@opentelemetry/api";
import { ATTR } from "./attributes.js";
import type { Telemetry } from "./telemetry.js";

/** Span attributes of a guard request: metadata always, content and tool arguments only when captured. @internal */
export function requestAttributes(
  request: Partial<GuardRequest> | undefined,
  telemetry: Telemetry,
  defaultMode: string | undefined,
): Attributes {
  const attributes: Attributes = {};
  if (!request || typeof request !== "object") return attributes;
  if (typeof request.content_type === "string") attributes[ATTR.contentType] = request.content_type;
  if (typeof request.action === "string") attributes[ATTR.action] = request.action;
  const mode = request.mode ?? defaultMode;
  if (typeof mode === "string") attributes[ATTR.mode] = mode;
  if (typeof request.session_id === "string") attributes[ATTR.conversationId] = request.session_id;
  const tool = (request as { tool?: { name?: unknown; arguments?: unknown } }).tool;
  if (tool && typeof tool.name === "string") attributes[ATTR.toolName] = tool.name;
  if (telemetry.captureContent) {
    if (typeof request.content === "string") attributes[ATTR.content] = telemetry.content(request.content);
    if (tool?.arguments !== undefined) {
      attributes[ATTR.toolArguments] = telemetry.content(JSON.stringify(tool.arguments));
    }
  }
  return attributes;
}

/** Names of detectors that fired, from `signals` and detected `detectors` entries. @internal */
export function firedDetectors(response: Partial<GuardResponse>): string[] {
  const names = new Set<string>();
  for (const signal of response.signals ?? []) {
    const name = signal.detector ?? signal.name;
    if (typeof name === "string") names.add(name);
  }
  for (const detector of response.detectors ?? []) {
    if (detector.detected === true && typeof detector.name === "string") names.add(detector.name);
  }
  return [...names].sort();
}

/** Span attributes of a guard response (no content: `redacted_content`, reasons and explanations are left out). @internal */
export function responseAttributes(response: GuardResponse): Attributes {
  const attributes: Attributes = { [ATTR.decision]: response.decision };
  if (response.actual_decision !== undefined) attributes[ATTR.actualDecision] = response.actual_decision;
  if (response.effective_mode !== undefined) attributes[ATTR.effectiveMode] = response.effective_mode;
  attributes[ATTR.wouldHaveBlocked] =
    response.actual_decision !== undefined &&
    !allowed({ decision: response.actual_decision }) &&
    allowed(response);
  if (response.alerted !== undefined) attributes[ATTR.alerted] = response.alerted;
  if ((response as { degraded?: unknown }).degraded === true) attributes[ATTR.degraded] = true;
  const policies = (response.determining_policies ?? [])
    .map((policy) => policy.id)
    .filter((id): id is string => typeof id === "string");
  if (policies.length > 0) attributes[ATTR.policyIds] = policies;
  const detectors = firedDetectors(response);
  if (detectors.length > 0) attributes[ATTR.detectors] = detectors;
  if (response.audit_id !== undefined) attributes[ATTR.auditId] = response.audit_id;
  if (response.request_id !== undefined) attributes[ATTR.requestId] = response.request_id;
  return attributes;
}

/** Mode label of the decisions counter: what the server applied, else what was asked, else `enforce`. @internal */
export function decisionMode(response: GuardResponse, requested: string | undefined): string {
  return response.effective_mode ?? requested ?? "enforce";
}
