/** The calling identity of an evaluation, taken from the verified bearer token. */
export interface EventIdentity {
  /** Token subject (`sub`). */
  sub: string;
  /** ZeroID identity type (`agent`, `application`, `service`, `mcp_server`), when the token names one. */
  identity_type?: string;
  /** Display name of the identity (`name` claim), e.g. the agent's name. */
  agent_name?: string;
  /** Delegation depth (`delegation_depth` claim); 0 for a direct token. */
  delegation_depth: number;
  /** Subject that delegated to the caller (`act.sub`), for delegated tokens. */
  delegated_by?: string;
}

/** A policy that fired on an evaluation. */
export interface EventPolicy {
  id: string;
  /** The policy's decision (`deny`, `step_up`, `defer`, `modify`). */
  decision: string;
  /** The policy's own mode annotation (`enforce`, `monitor`, `alert`). */
  mode: string;
  /** True when this policy's decision was enforced on the request. */
  enforced: boolean;
  /** Category of the policy (`@category`, else the category of the detectors it reads, else `rule`). */
  category: string;
}

/** A detector that fired on an evaluation. */
export interface EventDetector {
  name: string;
  /** 0..1. */
  score: number;
  severity: string;
  category: string;
  tier: string;
}

/** One root cause of the explain output: a fired policy and a detector it read. */
export interface EventRootCause {
  policy_id: string;
  decision: string;
  detector?: string;
  score?: number;
  description: string;
}

/**
 * What a person sees of an evaluation in one word: `blocked` (deny, step_up, defer was returned), `modified`
 * (content redacted), `alerted` (allowed, alert raised), `monitored` (allowed, but a policy fired that was not
 * enforced), `allowed`; for `/v1/detect`, `detected` or `clean`.
 */
export type EventOutcome =
  | "blocked"
  | "modified"
  | "alerted"
  | "monitored"
  | "allowed"
  | "detected"
  | "clean";

/** Every outcome, in display order. */
export const EVENT_OUTCOMES: readonly EventOutcome[] = [
  "blocked",
  "alerted",
  "monitored",
  "modified",
  "allowed",
  "detected",
  "clean",
];

/** Decisions that stop a request. */
export const BLOCKING_DECISIONS: readonly string[] = ["deny", "step_up", "defer"];

/** One recorded Shield evaluation (wire shape of the observatory API, snake_case). */
export interface ObservatoryEvent {
  /** `ev_<seq>`. */
  id: string;
  /** Monotonic sequence number (also the SSE event id). */
  seq: number;
  /** ISO 8601 time the evaluation was recorded. */
  time: string;
  /** `api` for Shield calls, `playground` for runs from the observatory's playground. */
  source: "api" | "playground";
  endpoint: "guard" | "stream" | "detect";
  request_id: string;
  audit_id?: string;
  account_id: string;
  project_id: string;
  session_id?: string;
  identity: EventIdentity;
  content_type: string;
  action?: string;
  tool_name?: string;
  /** The `mode` the caller sent (absent when it sent none). */
  requested_mode?: string;
  /** The mode applied (`requested_mode`, default `enforce`). */
  mode: string;
  effective_mode?: string;
  /** The decision returned (absent for detect). */
  decision?: string;
  /** What enforcing would have returned. */
  actual_decision?: string;
  outcome: EventOutcome;
  /** The request passed, but enforcing would have blocked it (`actual_decision` deny, step_up or defer). */
  would_block: boolean;
  alerted: boolean;
  policy_reason?: string;
  determining_policies: EventPolicy[];
  detectors: EventDetector[];
  /** Most severe detector severity, when any fired. */
  max_severity?: string;
  /** Categories of the fired policies and detectors. */
  categories: string[];
  latency_ms: number;
  /** The request's `metadata`, bounded (keys, depth and string length) and redacted. */
  metadata?: Record<string, unknown>;
  /** `metadata[labelKey]` when it is a string, e.g. `benign` or `attack`. */
  label?: string;
  /** Content with secrets and PII redacted, truncated; absent when content recording is off. */
  content?: string;
  /** True when `content` was cut. */
  content_truncated?: boolean;
  /** Explain output: summary, policies fired and enforced, root causes. */
  explanation: {
    summary: string;
    request_mode: string;
    policies_fired: string[];
    policies_enforced: string[];
    root_causes: EventRootCause[];
  };
}
