import type { Tier } from "@highflame/shield";

/** A flagged region of the evaluated content (`end` exclusive, UTF-16 offsets into `content`). */
export interface DetectorSpan {
  start: number;
  end: number;
  label: string;
}

/** Outcome of one detector on one request, as sent on the wire. */
export interface DetectorOutcome {
  name: string;
  tier: Tier;
  /** 0..1, deterministic. */
  score: number;
  detected: boolean;
  spans: DetectorSpan[];
  /** Detector-specific details (match labels, where a match was found, thresholds). */
  context: Record<string, unknown>;
}

/** What a detector sees of a request. */
export interface DetectorInput {
  content: string;
  contentType: string;
  action: string | undefined;
  toolName: string | undefined;
  toolArguments: Record<string, unknown> | undefined;
  filePath: string | undefined;
}

/** Per-session projection handed to session detectors (state after this turn would be counted). */
export interface SessionProjection {
  active: boolean;
  turnCount: number;
  cumulativeRisk: number;
  toolStreak: number;
}

/** A content detector: pure function of the request. */
export interface ContentDetector {
  readonly name: string;
  readonly tier: Tier;
  readonly category: string;
  readonly severity: "critical" | "high" | "medium" | "low";
  readonly description: string;
  run(input: DetectorInput): Omit<DetectorOutcome, "name" | "tier">;
}

/** A pattern with the label reported on its spans. */
export interface LabelledPattern {
  label: string;
  pattern: RegExp;
}

/** Finds all matches of the patterns in `text` (global, non-overlapping per pattern). */
export function findSpans(text: string, patterns: readonly LabelledPattern[]): DetectorSpan[] {
  const spans: DetectorSpan[] = [];
  for (const { label, pattern } of patterns) {
    const re = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, label });
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** True when the request is a tool call (content type, action or a tool context). */
export function isToolCall(input: DetectorInput): boolean {
  return input.contentType === "tool_call" || input.action === "call_tool" || input.toolName !== undefined;
}

/** Every string found in the tool arguments, with its dotted path. */
export function argumentStrings(
  args: Record<string, unknown> | undefined,
): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === "string") out.push({ path, value });
    else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`, depth + 1);
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  walk(args ?? {}, "", 0);
  return out;
}

/** Score for `n` matches: 0 for none, then `base` rising by `step` per extra match, capped at 0.99. */
export function scoreFor(n: number, base: number, step = 0.05): number {
  if (n === 0) return 0;
  return Math.min(0.99, Math.round((base + step * (n - 1)) * 100) / 100);
}

/** Where a pattern matched inside the tool arguments (no offsets: arguments are not the guarded text). */
export interface ArgumentHit {
  path: string;
  label: string;
}

/** The outcome of a pattern detector from its content spans and argument hits. */
export function matchOutcome(
  spans: DetectorSpan[],
  argHits: ArgumentHit[],
  scoring: { base: number; step: number },
  extraContext: Record<string, unknown> = {},
): Omit<DetectorOutcome, "name" | "tier"> {
  const n = spans.length + argHits.length;
  return {
    score: scoreFor(n, scoring.base, scoring.step),
    detected: n > 0,
    spans,
    context: {
      matches: n,
      ...extraContext,
      labels: [...new Set([...spans, ...argHits].map((s) => s.label))],
      arguments: argHits,
    },
  };
}

/** Runs patterns over content (spans) and over argument strings (locations only). */
export function scanContentAndArgs(
  input: DetectorInput,
  patterns: readonly LabelledPattern[],
  includeArgs: boolean,
): { spans: DetectorSpan[]; argHits: ArgumentHit[] } {
  const spans = findSpans(input.content, patterns);
  const argHits: ArgumentHit[] = [];
  if (includeArgs) {
    for (const { path, value } of argumentStrings(input.toolArguments)) {
      for (const span of findSpans(value, patterns))
        argHits.push({ path: `tool.arguments.${path}`, label: span.label });
    }
  }
  return { spans, argHits };
}
