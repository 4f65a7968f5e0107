import type { DetectorSpan } from "./detectors/types.js";

/** One applied redaction (wire shape of `redaction_entries[]`). */
export interface RedactionEntry {
  start_pos: number;
  end_pos: number;
  original: string;
  replacement: string;
}

/**
 * Replaces the spans with `[LABEL]` placeholders. Overlapping spans are merged (first label wins); positions
 * refer to the original content.
 */
export function redact(
  content: string,
  spans: readonly DetectorSpan[],
): { text: string; entries: RedactionEntry[] } {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: DetectorSpan[] = [];
  for (const s of sorted) {
    const last = merged.at(-1);
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  const entries: RedactionEntry[] = [];
  let text = "";
  let cursor = 0;
  for (const s of merged) {
    const replacement = `[${s.label}]`;
    text += content.slice(cursor, s.start) + replacement;
    entries.push({
      start_pos: s.start,
      end_pos: s.end,
      original: content.slice(s.start, s.end),
      replacement,
    });
    cursor = s.end;
  }
  text += content.slice(cursor);
  return { text, entries };
}
