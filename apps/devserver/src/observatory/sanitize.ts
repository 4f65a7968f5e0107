import { CONTENT_DETECTORS } from "../shield/detectors/registry.js";
import type { DetectorSpan } from "../shield/detectors/types.js";
import { redact } from "../shield/redact.js";

/** Detectors whose spans are masked before content is kept. */
const MASKING_DETECTORS = CONTENT_DETECTORS.filter((d) => d.name === "secrets" || d.name === "pii");

/** Longest identifier (session id, tool name, sub, label…) kept, in characters. */
export const MAX_IDENTIFIER_CHARS = 200;
/** Most metadata keys kept per object. */
export const MAX_METADATA_KEYS = 20;
/** Longest metadata string kept, in characters. */
export const MAX_METADATA_STRING_CHARS = 256;
/** Deepest metadata nesting kept (deeper values become `"[…]"`). */
export const MAX_METADATA_DEPTH = 3;

/** Masks secrets and PII (`[AWS_ACCESS_KEY]`, `[EMAIL]`, …) with the dev server's own detectors. */
export function maskSensitive(text: string): string {
  const spans: DetectorSpan[] = [];
  for (const d of MASKING_DETECTORS) {
    const out = d.run({
      content: text,
      contentType: "prompt",
      action: undefined,
      toolName: undefined,
      toolArguments: undefined,
      filePath: undefined,
    });
    if (out.detected) spans.push(...out.spans);
  }
  return spans.length === 0 ? text : redact(text, spans).text;
}

/**
 * Content as the observatory keeps it: masked first (so a secret is never half-kept at the cut), then cut to
 * `maxChars` characters.
 */
export function keptContent(content: string, maxChars: number): { content: string; truncated: boolean } {
  // Mask a bounded prefix only: a huge body costs no more than a small one.
  const window = content.length > maxChars * 2 + 256 ? content.slice(0, maxChars * 2 + 256) : content;
  const masked = maskSensitive(window);
  const truncated = masked.length > maxChars || window.length < content.length;
  return { content: masked.length > maxChars ? `${masked.slice(0, maxChars)}…` : masked, truncated };
}

/** Cuts an identifier to {@link MAX_IDENTIFIER_CHARS}. */
export function identifier(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  return value.length > MAX_IDENTIFIER_CHARS ? `${value.slice(0, MAX_IDENTIFIER_CHARS)}…` : value;
}

function boundValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    const masked = maskSensitive(value.slice(0, MAX_METADATA_STRING_CHARS * 2));
    return masked.length > MAX_METADATA_STRING_CHARS
      ? `${masked.slice(0, MAX_METADATA_STRING_CHARS)}…`
      : masked;
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (depth >= MAX_METADATA_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.slice(0, MAX_METADATA_KEYS).map((v) => boundValue(v, depth + 1));
  if (typeof value === "object") return boundObject(value as Record<string, unknown>, depth + 1);
  return undefined;
}

function boundObject(obj: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const [key, value] of Object.entries(obj)) {
    if (kept >= MAX_METADATA_KEYS) {
      out["…"] = `${Object.keys(obj).length - kept} more keys`;
      break;
    }
    const bounded = boundValue(value, depth);
    if (bounded === undefined) continue;
    out[key.slice(0, MAX_IDENTIFIER_CHARS)] = bounded;
    kept++;
  }
  return out;
}

/** The request's `metadata` as kept: at most 20 keys per object, 3 levels, 256-character strings, masked. */
export function keptMetadata(metadata: unknown): Record<string, unknown> | undefined {
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return undefined;
  return boundObject(metadata as Record<string, unknown>, 0);
}
