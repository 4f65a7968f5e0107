/**
 * Attribute, span and metric names. Semantic-convention names are copied as constants rather than imported:
 * `@opentelemetry/semantic-conventions` is not a dependency, and the GenAI guardrail conventions are still
 * proposals, so our own facts live under `highflame.`.
 */
export const ATTR = Object.freeze({
  /** Which SDK operation a span or measurement is, e.g. `guard.evaluate`, `zeroid.agents.register`. */
  operation: "highflame.operation",
  /** Request `content_type` (`prompt`, `response`, `tool_call`, …). */
  contentType: "highflame.guard.content_type",
  /** Request `action` (`process_prompt`, `call_tool`, …). */
  action: "highflame.guard.action",
  /** Requested mode (after the client's `defaultMode`). */
  mode: "highflame.guard.mode",
  /** Enforced decision (`allow`, `deny`, `modify`, `step_up`, `defer`). */
  decision: "highflame.guard.decision",
  /** What enforcement would have decided (`actual_decision`). */
  actualDecision: "highflame.guard.actual_decision",
  /** Mode the server applied (`effective_mode`). */
  effectiveMode: "highflame.guard.effective_mode",
  /** A policy would have blocked although the enforced decision allowed (monitor/alert). */
  wouldHaveBlocked: "highflame.guard.would_have_blocked",
  /** An alert-mode policy fired. */
  alerted: "highflame.guard.alerted",
  /** The response was synthesised by `failMode: "open"` during an outage. */
  degraded: "highflame.guard.degraded",
  /** Ids of the determining policies. */
  policyIds: "highflame.guard.policy_ids",
  /** Detectors that fired (from `signals` and detected `detectors`). */
  detectors: "highflame.guard.detectors",
  /** Evaluated content; only with `captureContent`. */
  content: "highflame.guard.content",
  /** Shield `audit_id`. */
  auditId: "highflame.audit_id",
  /** Request id (`x-request-id` / `request_id`). */
  requestId: "highflame.request_id",
  /** Attempts the logical HTTP call made. */
  attempts: "highflame.http.attempts",
  /** Retries the logical HTTP call made. */
  retries: "highflame.http.retries",
  /** ZeroID verification or API error code on failure (`token_expired`, `invalid_grant`, …). */
  zeroidCode: "highflame.zeroid.error_code",
  /** Verified subject (WIMSE URI). */
  subject: "highflame.zeroid.subject",
  /** Verified identity type. */
  identityType: "highflame.zeroid.identity_type",
  /** Verified trust level. */
  trustLevel: "highflame.zeroid.trust_level",
  /** Delegation depth of the verified token. */
  delegationDepth: "highflame.zeroid.delegation_depth",
  /** How the identity was established (`jwt` or `introspection`). */
  identitySource: "highflame.zeroid.source",
  /** GenAI semconv: session / conversation id (`session_id`). */
  conversationId: "gen_ai.conversation.id",
  /** GenAI semconv: tool name of a tool-call evaluation. */
  toolName: "gen_ai.tool.name",
  /** GenAI semconv: tool call arguments; only with `captureContent`. */
  toolArguments: "gen_ai.tool.call.arguments",
  /** HTTP semconv: request method. */
  httpMethod: "http.request.method",
  /** HTTP semconv: response status. */
  httpStatus: "http.response.status_code",
  /** URL semconv: URL without query. */
  url: "url.full",
  /** Error semconv: error class or code. */
  errorType: "error.type",
});

/** Instrument names. */
export const METRIC = Object.freeze({
  /** Counter of guard decisions by decision, mode and content type. Unit `{decision}`. */
  decisions: "highflame.guard.decisions",
  /** Histogram of operation latency by operation (and `error.type` on failure). Unit `s`. */
  duration: "highflame.client.operation.duration",
});

/** Instrumentation scope name given to the tracer and meter. */
export const INSTRUMENTATION_SCOPE = "@highflame/integrations/otel";
