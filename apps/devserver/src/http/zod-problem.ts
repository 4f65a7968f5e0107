import type { ServerResponse } from "node:http";
import type { z } from "zod";
import { type ProblemFieldError, sendProblem } from "./respond.js";

/** Renders a zod issue path as `a.b[0].c` (empty path → `body`). */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}

/** Field errors of a zod error: `location` is `body.<path>`. */
export function zodFieldErrors(error: z.ZodError, body: unknown): ProblemFieldError[] {
  return error.issues.map((issue) => {
    const path = issuePath(issue.path);
    let value: unknown = body;
    for (const part of issue.path) {
      value =
        value !== null && typeof value === "object"
          ? (value as Record<PropertyKey, unknown>)[part]
          : undefined;
    }
    const entry: ProblemFieldError = {
      message: issue.message,
      location: path === "body" ? "body" : `body.${path}`,
    };
    if (value !== undefined && (typeof value !== "object" || value === null)) entry.value = value;
    return entry;
  });
}

/** Sends a problem document naming every failing field; `detail` starts with the first field's path. */
export function sendValidationProblem(
  res: ServerResponse,
  status: number,
  title: string,
  error: z.ZodError,
  body: unknown,
): void {
  const errors = zodFieldErrors(error, body);
  const first = error.issues[0];
  const detail = first ? `${issuePath(first.path)}: ${first.message}` : "request body is invalid";
  sendProblem(res, status, title, detail, { errors });
}
