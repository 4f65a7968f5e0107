import { createHash } from "node:crypto";

/**
 * Deterministic JSON: object keys sorted, functions/symbols/undefined dropped, cycles and class instances other
 * than arrays and plain objects replaced by `null`. Used to hash structures whose key order may vary.
 */
export function stableStringify(value: unknown): string {
  return JSON.stringify(normalize(value, new WeakSet())) ?? "null";
}

function normalize(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== "object") {
    if (typeof value === "function" || typeof value === "symbol" || value === undefined) return undefined;
    if (typeof value === "bigint") return value.toString();
    return value;
  }
  if (seen.has(value)) return null;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => normalize(item, seen) ?? null);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return null;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = normalize((value as Record<string, unknown>)[key], seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** SHA-256 of a string, hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
