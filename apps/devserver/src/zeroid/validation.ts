import type { z } from "zod";
import { parseBody } from "../http/body.js";
import type { RequestContext } from "../http/context.js";
import type { ProblemFieldError } from "../http/respond.js";
import { ProblemError } from "./errors.js";

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Validates `value` against a zod schema; on failure throws a 422 problem whose `errors[].location` names the
 * field (`body.<path>`). With `blankValues` (OAuth paths) the offending values are not echoed.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { blankValues?: boolean; location?: string } = {},
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const root = options.location ?? "body";
  const errors: ProblemFieldError[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const entry: ProblemFieldError = {
      message: issue.message,
      location: path.length > 0 ? `${root}.${path.join(".")}` : root,
    };
    if (options.blankValues) entry.value = "";
    else {
      const v = valueAt(value, issue.path);
      if (v !== undefined) entry.value = v;
    }
    return entry;
  });
  throw new ProblemError(422, "validation failed", errors);
}

/** Parses the request body as JSON (or form when `allowForm`) into an object; malformed bodies give 400 (413 for oversized metadata). */
export function bodyOf(ctx: RequestContext, allowForm = false): Record<string, unknown> {
  const parsed = parseBody(ctx.header("content-type"), ctx.rawBody, allowForm);
  if (!parsed.ok) throw new ProblemError(parsed.status, parsed.detail);
  return parsed.value;
}
