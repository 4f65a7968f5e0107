import type { ObservatoryEvent } from "./event.js";

/** Raised for a query parameter the observatory API cannot use (answered with 400). */
export class QueryError extends Error {
  override readonly name = "QueryError";
}

/**
 * Filters of the observatory API, read from query parameters. Every list parameter takes comma-separated
 * values (any of them matches); parameters combine with AND.
 */
export interface EventFilter {
  /** `from`: events at or after this time (ISO 8601 or epoch ms). */
  fromMs?: number;
  /** `to`: events before this time (ISO 8601 or epoch ms). */
  toMs?: number;
  source?: string[];
  endpoint?: string[];
  outcome?: string[];
  decision?: string[];
  actualDecision?: string[];
  /** `mode`: the mode applied to the request. */
  mode?: string[];
  effectiveMode?: string[];
  /** `would_block`: `true` or `false`. */
  wouldBlock?: boolean;
  /** `policy`: one of these policies fired. */
  policy?: string[];
  /** `policy_enforced`: with `policy`, whether that policy was enforced (`true`) or only observed (`false`). */
  policyEnforced?: boolean;
  category?: string[];
  /** `severity`: the most severe detector severity of the event. */
  severity?: string[];
  detector?: string[];
  contentType?: string[];
  action?: string[];
  tool?: string[];
  session?: string[];
  /** `sub`: token subject. */
  sub?: string[];
  /** `agent`: agent name or subject. */
  agent?: string[];
  identityType?: string[];
  /** `label`: the metadata label; `none` matches unlabelled events. */
  label?: string[];
  accountId?: string[];
  projectId?: string[];
  /** `q`: case-insensitive text in the kept content, reason, tool, session or subject. */
  text?: string;
}

const LIST_PARAMS: Record<string, keyof EventFilter> = {
  source: "source",
  endpoint: "endpoint",
  outcome: "outcome",
  decision: "decision",
  actual_decision: "actualDecision",
  mode: "mode",
  effective_mode: "effectiveMode",
  policy: "policy",
  category: "category",
  severity: "severity",
  detector: "detector",
  content_type: "contentType",
  action: "action",
  tool: "tool",
  session: "session",
  sub: "sub",
  agent: "agent",
  identity_type: "identityType",
  label: "label",
  account_id: "accountId",
  project_id: "projectId",
};

/** Query parameters that are not filters (paging, bucketing). */
const OTHER_PARAMS = new Set(["limit", "before", "bucket", "order"]);

function time(name: string, value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new QueryError(`${name} must be an ISO 8601 time or epoch milliseconds`);
  return ms;
}

function bool(name: string, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new QueryError(`${name} must be true or false`);
}

/** Reads the filter from query parameters; throws {@link QueryError} on an unknown or malformed one. */
export function parseFilter(params: URLSearchParams): EventFilter {
  const filter: EventFilter = {};
  for (const [name, value] of params) {
    if (OTHER_PARAMS.has(name)) continue;
    if (value.length > 1000) throw new QueryError(`${name} is too long`);
    const list = LIST_PARAMS[name];
    if (list) {
      const values = value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length > 0) (filter[list] as string[] | undefined) = values;
      continue;
    }
    switch (name) {
      case "from":
        filter.fromMs = time(name, value);
        break;
      case "to":
        filter.toMs = time(name, value);
        break;
      case "would_block":
        filter.wouldBlock = bool(name, value);
        break;
      case "policy_enforced":
        filter.policyEnforced = bool(name, value);
        break;
      case "q":
        if (value.trim()) filter.text = value.trim().toLowerCase();
        break;
      default:
        throw new QueryError(`unknown query parameter "${name.slice(0, 64)}"`);
    }
  }
  return filter;
}

function any(values: string[] | undefined, actual: string | undefined): boolean {
  return values === undefined || (actual !== undefined && values.includes(actual));
}

/** True when the event passes the filter. */
export function matches(e: ObservatoryEvent, f: EventFilter): boolean {
  const ms = Date.parse(e.time);
  if (f.fromMs !== undefined && ms < f.fromMs) return false;
  if (f.toMs !== undefined && ms >= f.toMs) return false;
  if (!any(f.source, e.source) || !any(f.endpoint, e.endpoint) || !any(f.outcome, e.outcome)) return false;
  if (!any(f.decision, e.decision) || !any(f.actualDecision, e.actual_decision)) return false;
  if (!any(f.mode, e.mode) || !any(f.effectiveMode, e.effective_mode)) return false;
  if (f.wouldBlock !== undefined && e.would_block !== f.wouldBlock) return false;
  if (f.policy) {
    const hit = e.determining_policies.some(
      (p) => f.policy!.includes(p.id) && (f.policyEnforced === undefined || p.enforced === f.policyEnforced),
    );
    if (!hit) return false;
  }
  if (f.category && !e.categories.some((c) => f.category!.includes(c))) return false;
  if (!any(f.severity, e.max_severity)) return false;
  if (f.detector && !e.detectors.some((d) => f.detector!.includes(d.name))) return false;
  if (!any(f.contentType, e.content_type) || !any(f.action, e.action) || !any(f.tool, e.tool_name))
    return false;
  if (!any(f.session, e.session_id) || !any(f.sub, e.identity.sub)) return false;
  if (f.agent && !f.agent.includes(e.identity.agent_name ?? "") && !f.agent.includes(e.identity.sub))
    return false;
  if (!any(f.identityType, e.identity.identity_type)) return false;
  if (f.label && !f.label.includes(e.label ?? "none")) return false;
  if (!any(f.accountId, e.account_id) || !any(f.projectId, e.project_id)) return false;
  if (f.text) {
    const hay = [e.content, e.policy_reason, e.tool_name, e.session_id, e.identity.sub, e.identity.agent_name]
      .filter(Boolean)
      .join("\n")
      .toLowerCase();
    if (!hay.includes(f.text)) return false;
  }
  return true;
}
