import { type ContentDetector, findSpans, type LabelledPattern, scoreFor } from "./types.js";

const INJECTION: readonly LabelledPattern[] = [
  {
    label: "IGNORE_INSTRUCTIONS",
    pattern:
      /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+|of\s+)*(?:previous|prior|above|earlier|preceding|system|original)\s+(?:instructions?|prompts?|rules|directions|guidelines|context)/i,
  },
  {
    label: "PROMPT_EXTRACTION",
    pattern:
      /\b(?:reveal|print|show|output|repeat|leak|dump)\s+(?:me\s+)?(?:your\s+|the\s+)?(?:system\s+prompt|hidden\s+instructions|initial\s+instructions|developer\s+message)/i,
  },
  { label: "ROLE_OVERRIDE", pattern: /\bnew\s+instructions\s*:|<\/?\s*system\s*>|\[\s*system\s*\]/i },
  {
    label: "ROLE_OVERRIDE",
    pattern: /\byou\s+are\s+no\s+longer\s+(?:an?\s+)?(?:assistant|bound|restricted)/i,
  },
];

const JAILBREAK: readonly LabelledPattern[] = [
  { label: "DAN", pattern: /\bDAN\b|\bdo\s+anything\s+now\b/ },
  { label: "DAN", pattern: /\bdo\s+anything\s+now\b/i },
  { label: "DEVELOPER_MODE", pattern: /\bdeveloper\s+mode\b/i },
  {
    label: "UNRESTRICTED_PERSONA",
    pattern:
      /\b(?:pretend|imagine|act\s+as\s+if)\s+(?:that\s+)?you\s+(?:are|have)\s+(?:no|an?\s+(?:unrestricted|unfiltered|uncensored))/i,
  },
  {
    label: "UNRESTRICTED_PERSONA",
    pattern: /\bact\s+as\s+an?\s+(?:unrestricted|unfiltered|uncensored|evil)\b/i,
  },
  {
    label: "NO_RESTRICTIONS",
    pattern:
      /\b(?:without|no|ignore\s+your|bypass(?:\s+your)?)\s+(?:any\s+)?(?:restrictions|filters|guidelines|safety\s+rules|limits)\b/i,
  },
  { label: "JAILBREAK", pattern: /\bjailbr(?:eak|oken)\b/i },
];

function dedupe<T extends { start: number; end: number }>(spans: T[]): T[] {
  return spans.filter((s, i) => !spans.some((o, j) => j < i && o.start === s.start && o.end === s.end));
}

/** Prompt injection phrasing: instruction overrides, system-prompt extraction, role overrides. */
export const promptInjectionDetector: ContentDetector = {
  name: "prompt_injection",
  tier: "standard",
  category: "injection",
  severity: "high",
  description: "Instruction-override, system-prompt extraction and role-override phrasing",
  run(input) {
    const spans = findSpans(input.content, INJECTION);
    return {
      score: scoreFor(spans.length, 0.9, 0.03),
      detected: spans.length > 0,
      spans,
      context: { matches: spans.length, labels: [...new Set(spans.map((s) => s.label))] },
    };
  },
};

/** Jailbreak phrasing: DAN, developer mode, unrestricted personas, "no restrictions". */
export const jailbreakDetector: ContentDetector = {
  name: "jailbreak",
  tier: "standard",
  category: "injection",
  severity: "high",
  description: "Jailbreak phrasing: DAN / do anything now, developer mode, unrestricted personas",
  run(input) {
    const spans = dedupe(findSpans(input.content, JAILBREAK));
    return {
      score: scoreFor(spans.length, 0.85, 0.05),
      detected: spans.length > 0,
      spans,
      context: { matches: spans.length, labels: [...new Set(spans.map((s) => s.label))] },
    };
  },
};
