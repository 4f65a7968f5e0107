import { RequestValidationError } from "@highflame/core";

/** A plain object (not an array, class instance or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** JSON of the tool arguments, used as the guarded `content` (never an opaque "Tool call: name" placeholder). */
export function toolContent(args: Record<string, unknown>): string {
  try {
    return JSON.stringify(args) ?? "{}";
  } catch (cause) {
    throw new RequestValidationError("tool arguments must be JSON-serialisable", {
      field: "tool.arguments",
      cause,
    });
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Best-effort parameter names of a function from its source: simple identifiers only. Returns `undefined` when
 * any parameter is destructured, has a default, or is a rest parameter (callers then fall back to `arg0…`).
 */
export function parameterNames(fn: (...args: never[]) => unknown): string[] | undefined {
  const source = Function.prototype.toString.call(fn);
  const arrowSingle = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrowSingle) return [arrowSingle[1]!];
  const open = source.indexOf("(");
  const close = source.indexOf(")", open);
  if (open === -1 || close === -1) return undefined;
  const inner = source
    .slice(open + 1, close)
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .trim();
  if (inner === "") return [];
  const names = inner.split(",").map((p) => p.trim());
  return names.every((n) => IDENTIFIER.test(n)) ? names : undefined;
}

/**
 * Tool arguments as an object: a single plain-object argument is used as is; otherwise each positional
 * argument is keyed by its parameter name (or `arg0`, `arg1`, … when names are unavailable).
 */
export function argsToRecord(
  args: readonly unknown[],
  names: readonly string[] | undefined,
): Record<string, unknown> {
  if (args.length === 1 && isPlainObject(args[0])) return args[0];
  const out: Record<string, unknown> = {};
  args.forEach((value, i) => {
    out[names?.[i] ?? `arg${i}`] = value;
  });
  return out;
}

/** Inverse of {@link argsToRecord}: maps a (redacted) record back onto positional arguments. */
export function recordToArgs(
  record: Record<string, unknown>,
  original: readonly unknown[],
  names: readonly string[] | undefined,
): unknown[] {
  if (original.length === 1 && isPlainObject(original[0])) return [record];
  return original.map((value, i) => {
    const key = names?.[i] ?? `arg${i}`;
    return key in record ? record[key] : value;
  });
}
