import { conformsTo, RequestValidationError } from "@highflame/core";
import type { z } from "zod";

/**
 * Validates a request body before any network call. Throws {@link RequestValidationError} naming the first bad
 * field (dotted path, e.g. `tool.name`). Returns the caller's object (unknown fields kept).
 */
export function validateRequest<T>(schema: z.ZodType, value: T, what = "request"): T {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new RequestValidationError(`${what} must be an object`, { field: "" });
  }
  if (conformsTo(schema, value, "valid")) return value;
  const result = schema.safeParse(value);
  if (result.success) return value;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  throw new RequestValidationError(`Invalid ${what}: "${field || "(root)"}" ${describe(issue, value)}`, {
    field,
    cause: result.error,
  });
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === "invalid_value" && "values" in issue) {
    const got = issue.path.reduce<unknown>(
      (v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k],
      value,
    );
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${JSON.stringify(got)})`;
  }
  if (issue.code === "too_small") return "must not be empty";
  return issue.message;
}

/** Removes keys whose value is `undefined` (top level), so absent options are not sent. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
