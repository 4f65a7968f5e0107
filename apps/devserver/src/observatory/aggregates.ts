import { EVENT_OUTCOMES, type ObservatoryEvent } from "./event.js";
import { QueryError } from "./event-filter.js";

/** Counts per outcome (every outcome present, zero when none). */
export type OutcomeCounts = Record<string, number>;

function outcomeCounts(): OutcomeCounts {
  return Object.fromEntries(EVENT_OUTCOMES.map((o) => [o, 0]));
}

/** The p-th percentile (0..100) of sorted values, nearest rank; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Latency percentiles in ms. */
export function latency(events: readonly ObservatoryEvent[]): { p50: number; p95: number; max: number } {
  const sorted = events.map((e) => e.latency_ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
}

/** `GET /observatory/api/summary`: totals of the filtered events. */
export function summarize(events: readonly ObservatoryEvent[]) {
  const byOutcome = outcomeCounts();
  const byDecision: Record<string, number> = {};
  const byMode: Record<string, { total: number; by_outcome: OutcomeCounts; would_block: number }> = {};
  const wouldBlockByLabel: Record<string, number> = {};
  let wouldBlock = 0;
  const enforcing = {
    total: 0,
    already_blocked: 0,
    newly_blocked: 0,
    by_label: {} as Record<string, number>,
  };
  const sessions = new Set<string>();
  for (const e of events) {
    if (e.outcome === "blocked" || e.would_block) {
      enforcing.total++;
      if (e.outcome === "blocked") enforcing.already_blocked++;
      else enforcing.newly_blocked++;
      const label = e.label ?? "none";
      enforcing.by_label[label] = (enforcing.by_label[label] ?? 0) + 1;
    }
    byOutcome[e.outcome] = (byOutcome[e.outcome] ?? 0) + 1;
    if (e.decision) byDecision[e.decision] = (byDecision[e.decision] ?? 0) + 1;
    const m = byMode[e.mode] ?? { total: 0, by_outcome: outcomeCounts(), would_block: 0 };
    byMode[e.mode] = m;
    m.total++;
    m.by_outcome[e.outcome] = (m.by_outcome[e.outcome] ?? 0) + 1;
    if (e.would_block) {
      wouldBlock++;
      m.would_block++;
      const label = e.label ?? "none";
      wouldBlockByLabel[label] = (wouldBlockByLabel[label] ?? 0) + 1;
    }
    if (e.session_id) sessions.add(`${e.account_id}/${e.project_id}/${e.session_id}`);
  }
  return {
    total: events.length,
    by_outcome: byOutcome,
    by_decision: byDecision,
    by_mode: byMode,
    would_block: wouldBlock,
    would_block_by_label: wouldBlockByLabel,
    /** What enforcing every policy now would block: already blocked plus would-have-blocked, by label. */
    enforce_would_block: enforcing,
    sessions: sessions.size,
    latency_ms: latency(events),
    first_time: events[0]?.time,
    last_time: events.at(-1)?.time,
  };
}

/** Bucket sizes `bucket=auto` chooses from, ms. */
export const BUCKET_SIZES_MS = [
  1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000,
];
/** Most buckets a time series returns. */
export const MAX_BUCKETS = 500;
const TARGET_BUCKETS = 40;

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Reads `bucket` (`auto`, `500ms`, `10s`, `5m`, `1h`, `1d`, or plain ms). */
export function parseBucket(value: string | null): number | "auto" {
  if (value === null || value === "" || value === "auto") return "auto";
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? "ms"]! : Number.NaN;
  if (!Number.isFinite(ms) || ms < 100)
    throw new QueryError("bucket must be auto or a duration of at least 100ms");
  return ms;
}

/**
 * `GET /observatory/api/timeseries`: the filtered events in time buckets, counted per outcome, with the
 * would-have-blocked series. `auto` picks the smallest size from {@link BUCKET_SIZES_MS} giving at most 40
 * buckets (whole days beyond); a given size that would need more than {@link MAX_BUCKETS} buckets is a {@link QueryError}.
 */
export function timeseries(
  events: readonly ObservatoryEvent[],
  bucket: number | "auto",
  range: { fromMs?: number; toMs?: number } = {},
) {
  const times = events.map((e) => Date.parse(e.time));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const from = range.fromMs ?? (times.length > 0 ? min : Date.now());
  const to = range.toMs ?? (times.length > 0 ? max + 1 : from + 1);
  const span = Math.max(1, to - from);
  const size =
    bucket === "auto"
      ? (BUCKET_SIZES_MS.find((s) => span / s <= TARGET_BUCKETS) ??
        Math.ceil(span / TARGET_BUCKETS / 86_400_000) * 86_400_000)
      : bucket;
  const start = Math.floor(from / size) * size;
  const count = Math.ceil((to - start) / size);
  if (count > MAX_BUCKETS)
    throw new QueryError(`too many buckets (${count}); choose a larger bucket or a shorter range`);
  const buckets = Array.from({ length: Math.max(1, count) }, (_, i) => ({
    start: new Date(start + i * size).toISOString(),
    total: 0,
    by_outcome: outcomeCounts(),
    would_block: 0,
  }));
  events.forEach((e, i) => {
    const b = buckets[Math.floor((times[i]! - start) / size)];
    if (!b) return;
    b.total++;
    b.by_outcome[e.outcome] = (b.by_outcome[e.outcome] ?? 0) + 1;
    if (e.would_block) b.would_block++;
  });
  return { bucket_ms: size, from: new Date(start).toISOString(), buckets };
}

type Facet = Record<string, number>;

function bump(facet: Facet, key: string | undefined): void {
  if (key === undefined || key === "") return;
  facet[key] = (facet[key] ?? 0) + 1;
}

/** `GET /observatory/api/facets`: counts per value of every facet of the filtered events. */
export function facets(events: readonly ObservatoryEvent[]): Record<string, Facet> {
  const f: Record<string, Facet> = {
    outcome: {},
    decision: {},
    mode: {},
    effective_mode: {},
    category: {},
    policy: {},
    detector: {},
    content_type: {},
    endpoint: {},
    source: {},
    tool: {},
    agent: {},
    sub: {},
    label: {},
    severity: {},
  };
  for (const e of events) {
    bump(f.outcome!, e.outcome);
    bump(f.decision!, e.decision);
    bump(f.mode!, e.mode);
    bump(f.effective_mode!, e.effective_mode);
    for (const c of e.categories) bump(f.category!, c);
    for (const p of e.determining_policies) bump(f.policy!, p.id);
    for (const d of e.detectors) bump(f.detector!, d.name);
    bump(f.content_type!, e.content_type);
    bump(f.endpoint!, e.endpoint);
    bump(f.source!, e.source);
    bump(f.tool!, e.tool_name);
    bump(f.agent!, e.identity.agent_name ?? e.identity.sub);
    bump(f.sub!, e.identity.sub);
    bump(f.label!, e.label ?? "none");
    bump(f.severity!, e.max_severity);
  }
  return f;
}
