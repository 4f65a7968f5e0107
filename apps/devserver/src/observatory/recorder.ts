import type { ShieldEvaluation } from "./evaluation.js";
import {
  BLOCKING_DECISIONS,
  type EventDetector,
  type EventOutcome,
  type EventPolicy,
  type EventRootCause,
  type ObservatoryEvent,
} from "./event.js";
import { detectorCategory, detectorSeverity, type PolicyCatalog } from "./policy-catalog.js";
import { identifier, keptContent, keptMetadata } from "./sanitize.js";

/** How content and labels are kept. */
export interface RecordingOptions {
  /** `redacted`: keep content with secrets and PII masked, truncated; `off`: keep none. */
  content: "redacted" | "off";
  /** Longest content kept, in characters. */
  contentMaxChars: number;
  /** Metadata key whose string value is the event's `label`. */
  labelKey: string;
}

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function outcomeOf(endpoint: string, r: Record<string, unknown>, detectors: EventDetector[]): EventOutcome {
  if (endpoint === "detect") return detectors.length > 0 ? "detected" : "clean";
  const decision = str(r.decision) ?? "allow";
  if (BLOCKING_DECISIONS.includes(decision)) return "blocked";
  if (decision === "modify") return "modified";
  if (r.alerted === true) return "alerted";
  const actual = str(r.actual_decision) ?? decision;
  return actual !== "allow" && actual !== decision ? "monitored" : "allowed";
}

function detectorsOf(r: Record<string, unknown>): EventDetector[] {
  const raw = Array.isArray(r.signals)
    ? r.signals
    : Array.isArray(r.detectors)
      ? (r.detectors as Record<string, unknown>[]).filter((d) => d.detected === true)
      : [];
  return (raw as Record<string, unknown>[]).map((s) => {
    const name = str(s.detector) ?? str(s.name) ?? "unknown";
    return {
      name,
      score: typeof s.score === "number" ? s.score : 0,
      severity: str(s.severity) ?? detectorSeverity(name),
      category: detectorCategory(name),
      tier: str(s.tier) ?? "",
    };
  });
}

function identityOf(claims: ShieldEvaluation["claims"]): ObservatoryEvent["identity"] {
  const act = claims.act && typeof claims.act === "object" ? (claims.act as { sub?: unknown }) : undefined;
  const depth = typeof claims.delegation_depth === "number" ? claims.delegation_depth : 0;
  return {
    sub: identifier(claims.sub) ?? "",
    ...(identifier(claims.identity_type) ? { identity_type: identifier(claims.identity_type) } : {}),
    ...(identifier(claims.name) ? { agent_name: identifier(claims.name) } : {}),
    delegation_depth: depth,
    ...(identifier(act?.sub) ? { delegated_by: identifier(act?.sub) } : {}),
  };
}

/** Builds the recorded event of one evaluation (without `id`/`seq`, which the store assigns). */
export function buildEvent(
  evaluation: ShieldEvaluation,
  catalog: PolicyCatalog,
  options: RecordingOptions,
  source: ObservatoryEvent["source"] = "api",
): Omit<ObservatoryEvent, "id" | "seq"> {
  const { request, response: r } = evaluation;
  const detectors = detectorsOf(r);
  const policies: EventPolicy[] = (
    Array.isArray(r.determining_policies) ? (r.determining_policies as Record<string, unknown>[]) : []
  ).map((p) => {
    const id = str(p.id) ?? "";
    return {
      id,
      decision: str(p.decision) ?? "deny",
      mode: str(p.mode) ?? "enforce",
      enforced: p.enforced === true,
      category: catalog.get(id)?.category ?? "rule",
    };
  });
  const decision = str(r.decision);
  const actual = str(r.actual_decision) ?? decision;
  const wouldBlock =
    decision !== undefined &&
    !BLOCKING_DECISIONS.includes(decision) &&
    BLOCKING_DECISIONS.includes(actual ?? "");
  const rootCauses: EventRootCause[] = [];
  for (const p of policies) {
    const info = catalog.get(p.id);
    const hits = detectors.filter((d) => info?.detectors.includes(d.name));
    const description = info?.reason ?? p.id;
    if (hits.length === 0) rootCauses.push({ policy_id: p.id, decision: p.decision, description });
    for (const d of hits)
      rootCauses.push({
        policy_id: p.id,
        decision: p.decision,
        detector: d.name,
        score: d.score,
        description,
      });
  }
  const maxSeverity = detectors.reduce<string | undefined>(
    (best, d) => ((SEVERITY_RANK[d.severity] ?? 0) > (SEVERITY_RANK[best ?? ""] ?? 0) ? d.severity : best),
    undefined,
  );
  const metadata = keptMetadata(request.metadata);
  const label = metadata ? str(metadata[options.labelKey]) : undefined;
  const requestedMode = "mode" in request ? str(request.mode) : undefined;
  const content =
    options.content === "off" ? undefined : keptContent(request.content, options.contentMaxChars);
  const reason = str(r.policy_reason);
  const event: Omit<ObservatoryEvent, "id" | "seq"> = {
    time: new Date().toISOString(),
    source,
    endpoint: evaluation.endpoint,
    request_id: evaluation.requestId,
    account_id: identifier(evaluation.accountId) ?? "",
    project_id: identifier(evaluation.projectId) ?? "",
    identity: identityOf(evaluation.claims),
    content_type: identifier(request.content_type) ?? "",
    mode: evaluation.endpoint === "detect" ? "detect" : (requestedMode ?? "enforce"),
    outcome: outcomeOf(evaluation.endpoint, r, detectors),
    would_block: wouldBlock,
    alerted: r.alerted === true,
    determining_policies: policies,
    detectors,
    categories: [...new Set([...policies.map((p) => p.category), ...detectors.map((d) => d.category)])],
    latency_ms: typeof r.latency_ms === "number" ? r.latency_ms : 0,
    explanation: {
      summary:
        reason ??
        (detectors.length > 0 ? `Detected: ${detectors.map((d) => d.name).join(", ")}` : "Nothing detected"),
      request_mode: requestedMode ?? (evaluation.endpoint === "detect" ? "detect" : "enforce"),
      policies_fired: policies.map((p) => p.id),
      policies_enforced: policies.filter((p) => p.enforced).map((p) => p.id),
      root_causes: rootCauses,
    },
  };
  const auditId = str(r.audit_id);
  if (auditId) event.audit_id = auditId;
  const sessionId = identifier(request.session_id);
  if (sessionId) event.session_id = sessionId;
  const action = identifier(request.action);
  if (action) event.action = action;
  const toolName = identifier(request.tool?.name);
  if (toolName) event.tool_name = toolName;
  if (requestedMode) event.requested_mode = requestedMode;
  const effective = str(r.effective_mode);
  if (effective) event.effective_mode = effective;
  if (decision) event.decision = decision;
  if (actual) event.actual_decision = actual;
  if (reason) event.policy_reason = reason;
  if (maxSeverity) event.max_severity = maxSeverity;
  if (metadata) event.metadata = metadata;
  if (label) event.label = label.slice(0, 64);
  if (content) {
    event.content = content.content;
    if (content.truncated) event.content_truncated = true;
  }
  return event;
}
