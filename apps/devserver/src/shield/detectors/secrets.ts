import {
  type ContentDetector,
  type DetectorSpan,
  type LabelledPattern,
  matchOutcome,
  scanContentAndArgs,
} from "./types.js";

const PATTERNS: readonly LabelledPattern[] = [
  { label: "AWS_ACCESS_KEY", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { label: "AWS_SECRET_KEY", pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i },
  { label: "GITHUB_TOKEN", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { label: "GITHUB_TOKEN", pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { label: "SLACK_TOKEN", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { label: "PRIVATE_KEY", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { label: "JWT", pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/ },
  { label: "SERVICE_KEY", pattern: /\b(?:hf_sk_|zid_sk_)[A-Za-z0-9_-]{16,}/ },
];

const END_MARKER = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/g;

/** Extends each private-key header span to the next END marker (whole block redacted), in linear time. */
function extendKeyBlocks(content: string, spans: DetectorSpan[]): DetectorSpan[] {
  if (!spans.some((s) => s.label === "PRIVATE_KEY")) return spans;
  const ends = [...content.matchAll(END_MARKER)].map((m) => m.index + m[0].length);
  let i = 0;
  for (const span of spans) {
    if (span.label !== "PRIVATE_KEY") continue;
    while (i < ends.length && ends[i]! <= span.end) i++;
    if (i < ends.length) span.end = ends[i]!;
  }
  return spans;
}

/** Secrets: cloud keys, GitHub/Slack tokens, private-key blocks, JWTs, Highflame/ZeroID service keys. */
export const secretsDetector: ContentDetector = {
  name: "secrets",
  tier: "fast",
  category: "secrets",
  severity: "critical",
  description:
    "Cloud access keys, GitHub/Slack tokens, private-key blocks, JWTs and hf_sk_/zid_sk_ service keys",
  run(input) {
    const { spans: found, argHits } = scanContentAndArgs(input, PATTERNS, true);
    const spans = extendKeyBlocks(input.content, found);
    return matchOutcome(spans, argHits, { base: 0.95, step: 0.02 });
  },
};
