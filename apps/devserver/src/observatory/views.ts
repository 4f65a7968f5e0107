import { latency } from "./aggregates.js";
import { BLOCKING_DECISIONS, type ObservatoryEvent } from "./event.js";
import type { PolicyCatalog } from "./policy-catalog.js";

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/** Counts of what enforcing a policy (or a category) now would block, split by the metadata label. */
export interface WouldBlockCounts {
  /** Requests enforcing would block (the policy fired with a blocking decision). */
  total: number;
  /** Of those, already blocked today (the policy was enforced). */
  already_blocked: number;
  /** Of those, passed today and would newly be blocked. */
  newly_blocked: number;
  /** Of `total`, labelled `benign` (`metadata.label`), `attack`, other labels, or unlabelled (`none`). */
  by_label: Record<string, number>;
}

function emptyCounts(): WouldBlockCounts {
  return { total: 0, already_blocked: 0, newly_blocked: 0, by_label: {} };
}

function countBlock(c: WouldBlockCounts, e: ObservatoryEvent, enforced: boolean): void {
  c.total++;
  if (enforced && e.outcome === "blocked") c.already_blocked++;
  else c.newly_blocked++;
  const label = e.label ?? "none";
  c.by_label[label] = (c.by_label[label] ?? 0) + 1;
}

/**
 * `GET /observatory/api/go-live`: per loaded policy and per category, the guard traffic seen in each mode, how
 * often the policy fired, what enforcing it now would block, and how much of that was labelled benign.
 */
export function goLive(events: readonly ObservatoryEvent[], catalog: PolicyCatalog) {
  const guarded = events.filter((e) => e.endpoint !== "detect");
  const seenByMode: Record<string, number> = {};
  for (const e of guarded) seenByMode[e.mode] = (seenByMode[e.mode] ?? 0) + 1;
  const policies = catalog.policies.map((p) => {
    const firedByMode: Record<string, number> = {};
    const wouldBlock = emptyCounts();
    const blocking = BLOCKING_DECISIONS.includes(p.decision);
    for (const e of guarded) {
      const hit = e.determining_policies.find((d) => d.id === p.id);
      if (!hit) continue;
      firedByMode[e.mode] = (firedByMode[e.mode] ?? 0) + 1;
      if (blocking) countBlock(wouldBlock, e, hit.enforced);
    }
    return {
      policy_id: p.id,
      category: p.category,
      decision: p.decision,
      policy_mode: p.mode,
      reason: p.reason,
      seen_by_mode: seenByMode,
      fired_by_mode: firedByMode,
      would_block: wouldBlock,
    };
  });
  const categories = [...new Set(catalog.policies.map((p) => p.category))].map((category) => {
    const inCategory = catalog.policies.filter((p) => p.category === category);
    const ids = new Set(inCategory.map((p) => p.id));
    const firedByMode: Record<string, number> = {};
    const wouldBlock = emptyCounts();
    for (const e of guarded) {
      const hits = e.determining_policies.filter((d) => ids.has(d.id));
      if (hits.length === 0) continue;
      firedByMode[e.mode] = (firedByMode[e.mode] ?? 0) + 1;
      const blockingHits = hits.filter((h) => BLOCKING_DECISIONS.includes(h.decision));
      if (blockingHits.length > 0)
        countBlock(
          wouldBlock,
          e,
          blockingHits.some((h) => h.enforced),
        );
    }
    const modes = [...new Set(inCategory.map((p) => p.mode))];
    return {
      category,
      policies: inCategory.map((p) => p.id),
      policy_modes: modes,
      /** Every policy of the category only observes or alerts (posture: not enforcing yet). */
      monitor_only: !modes.includes("enforce"),
      seen_by_mode: seenByMode,
      fired_by_mode: firedByMode,
      would_block: wouldBlock,
    };
  });
  return { total: guarded.length, seen_by_mode: seenByMode, policies, categories };
}

function sessionKey(e: ObservatoryEvent): string {
  return `${e.account_id}\u0000${e.project_id}\u0000${e.session_id}`;
}

/** `GET /observatory/api/sessions`: one row per session (newest activity first). */
export function sessions(events: readonly ObservatoryEvent[]) {
  const groups = new Map<string, ObservatoryEvent[]>();
  for (const e of events) {
    if (!e.session_id) continue;
    const key = sessionKey(e);
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  return [...groups.values()]
    .map((list) => {
      const first = list[0]!;
      const last = list.at(-1)!;
      const blocked = list.filter((e) => e.outcome === "blocked").length;
      const wouldBlock = list.filter((e) => e.would_block).length;
      const maxSeverity = list.reduce<string | undefined>(
        (best, e) =>
          (SEVERITY_RANK[e.max_severity ?? ""] ?? 0) > (SEVERITY_RANK[best ?? ""] ?? 0)
            ? e.max_severity
            : best,
        undefined,
      );
      return {
        session_id: first.session_id!,
        account_id: first.account_id,
        project_id: first.project_id,
        started: first.time,
        last_seen: last.time,
        duration_ms: Date.parse(last.time) - Date.parse(first.time),
        agents: [...new Set(list.map((e) => e.identity.agent_name ?? e.identity.sub))],
        subs: [...new Set(list.map((e) => e.identity.sub))],
        modes: [...new Set(list.map((e) => e.mode))],
        turns: list.filter((e) => e.content_type === "prompt").length,
        events: list.length,
        tool_calls: list.filter((e) => e.tool_name).length,
        blocked,
        would_block: wouldBlock,
        violations: blocked + wouldBlock,
        max_severity: maxSeverity,
        status: blocked > 0 ? "blocked" : wouldBlock > 0 ? "would_block" : "clean",
      };
    })
    .sort((a, b) => b.last_seen.localeCompare(a.last_seen));
}

/** `GET /observatory/api/tools`: per tool, calls, block rate and would-block rate, latency. */
export function tools(events: readonly ObservatoryEvent[]) {
  const groups = new Map<string, ObservatoryEvent[]>();
  for (const e of events) {
    if (!e.tool_name) continue;
    const list = groups.get(e.tool_name) ?? [];
    list.push(e);
    groups.set(e.tool_name, list);
  }
  return [...groups.entries()]
    .map(([tool, list]) => {
      const blocked = list.filter((e) => e.outcome === "blocked").length;
      const wouldBlock = list.filter((e) => e.would_block).length;
      return {
        tool,
        calls: list.length,
        blocked,
        would_block: wouldBlock,
        block_rate: blocked / list.length,
        would_block_rate: wouldBlock / list.length,
        agents: [...new Set(list.map((e) => e.identity.agent_name ?? e.identity.sub))],
        latency_ms: latency(list),
      };
    })
    .sort((a, b) => b.calls - a.calls || a.tool.localeCompare(b.tool));
}

/** `GET /observatory/api/agents`: the agent inventory (one row per token subject). */
export function agents(events: readonly ObservatoryEvent[]) {
  const groups = new Map<string, ObservatoryEvent[]>();
  for (const e of events) {
    const list = groups.get(e.identity.sub) ?? [];
    list.push(e);
    groups.set(e.identity.sub, list);
  }
  return [...groups.entries()]
    .map(([sub, list]) => {
      const blocked = list.filter((e) => e.outcome === "blocked").length;
      const wouldBlock = list.filter((e) => e.would_block).length;
      const named = list.find((e) => e.identity.agent_name || e.identity.identity_type);
      return {
        sub,
        agent_name: named?.identity.agent_name,
        identity_type: named?.identity.identity_type,
        max_delegation_depth: list.reduce((m, e) => Math.max(m, e.identity.delegation_depth), 0),
        delegated_by: [
          ...new Set(list.flatMap((e) => (e.identity.delegated_by ? [e.identity.delegated_by] : []))),
        ],
        events: list.length,
        sessions: new Set(list.flatMap((e) => (e.session_id ? [e.session_id] : []))).size,
        tool_calls: list.filter((e) => e.tool_name).length,
        tools: [...new Set(list.flatMap((e) => (e.tool_name ? [e.tool_name] : [])))],
        blocked,
        would_block: wouldBlock,
        block_rate: blocked / list.length,
        last_seen: list.at(-1)!.time,
      };
    })
    .sort((a, b) => b.events - a.events || a.sub.localeCompare(b.sub));
}
