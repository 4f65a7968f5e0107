// The observatory API's response shapes as the page reads them (snake_case, as sent). The server side is
// apps/devserver/src/observatory; the page is built before it, so the shapes are restated here, field for field.

/** One recorded evaluation. */
export interface ObsEvent {
  id: string;
  seq: number;
  time: string;
  source: "api" | "playground";
  endpoint: string;
  request_id: string;
  audit_id?: string;
  account_id: string;
  project_id: string;
  session_id?: string;
  identity: {
    sub: string;
    identity_type?: string;
    agent_name?: string;
    delegation_depth: number;
    delegated_by?: string;
  };
  content_type: string;
  action?: string;
  tool_name?: string;
  requested_mode?: string;
  mode: string;
  effective_mode?: string;
  decision?: string;
  actual_decision?: string;
  outcome: string;
  would_block: boolean;
  alerted: boolean;
  policy_reason?: string;
  determining_policies: { id: string; decision: string; mode: string; enforced: boolean; category: string }[];
  detectors: { name: string; score: number; severity: string; category: string; tier: string }[];
  max_severity?: string;
  categories: string[];
  latency_ms: number;
  metadata?: Record<string, unknown>;
  label?: string;
  content?: string;
  content_truncated?: boolean;
  explanation: {
    summary: string;
    request_mode: string;
    policies_fired: string[];
    policies_enforced: string[];
    root_causes: {
      policy_id: string;
      decision: string;
      detector?: string;
      score?: number;
      description: string;
    }[];
  };
}

/** Counts of what enforcing would block. */
export interface WouldBlock {
  total: number;
  already_blocked: number;
  newly_blocked: number;
  by_label: Record<string, number>;
}

/** `GET api/go-live`. */
export interface GoLive {
  total: number;
  seen_by_mode: Record<string, number>;
  policies: {
    policy_id: string;
    category: string;
    decision: string;
    policy_mode: string;
    reason: string;
    fired_by_mode: Record<string, number>;
    would_block: WouldBlock;
  }[];
  categories: {
    category: string;
    policies: string[];
    policy_modes: string[];
    monitor_only: boolean;
    fired_by_mode: Record<string, number>;
    would_block: WouldBlock;
  }[];
}

/** `GET api/summary`. */
export interface Summary {
  total: number;
  by_outcome: Record<string, number>;
  by_mode: Record<string, { total: number; by_outcome: Record<string, number>; would_block: number }>;
  would_block: number;
  would_block_by_label: Record<string, number>;
  enforce_would_block: WouldBlock;
  sessions: number;
  latency_ms: { p50: number; p95: number; max: number };
}

/** `GET api/timeseries`. */
export interface Timeseries {
  bucket_ms: number;
  buckets: { start: string; total: number; by_outcome: Record<string, number>; would_block: number }[];
}

/** One row of `GET api/sessions`. */
export interface SessionRow {
  session_id: string;
  started: string;
  last_seen: string;
  duration_ms: number;
  agents: string[];
  modes: string[];
  turns: number;
  events: number;
  tool_calls: number;
  blocked: number;
  would_block: number;
  violations: number;
  max_severity?: string;
  status: string;
}

/** One row of `GET api/tools`. */
export interface ToolRow {
  tool: string;
  calls: number;
  blocked: number;
  would_block: number;
  block_rate: number;
  would_block_rate: number;
  agents: string[];
  latency_ms: { p50: number; p95: number };
}

/** One row of `GET api/agents`. */
export interface AgentRow {
  sub: string;
  agent_name?: string;
  identity_type?: string;
  max_delegation_depth: number;
  delegated_by: string[];
  events: number;
  sessions: number;
  tool_calls: number;
  tools: string[];
  blocked: number;
  would_block: number;
  block_rate: number;
  last_seen: string;
}

/** Query parameters of the API (filters). */
export type Params = Record<string, string>;

function query(params: Params): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ""));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** GET `api/<path>` with filters; throws with the server's problem detail on an error status. */
export async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  const res = await fetch(`api/${path}${query(params)}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { detail?: string };
    throw new Error(body.detail ?? `${path}: HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

/** POST a payload to the playground. */
export async function runPlayground(
  payload: Record<string, unknown>,
): Promise<{ event: ObsEvent; response: Record<string, unknown> }> {
  const res = await fetch("api/playground", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as { detail?: string; event: ObsEvent; response: Record<string, unknown> };
  if (!res.ok) throw new Error(body.detail ?? `playground: HTTP ${res.status}`);
  return body;
}
