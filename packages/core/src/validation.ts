import type { z } from "zod";
import { ResponseValidationError } from "./errors/client-errors.js";
import { conformsTo } from "./schema-fast-path.js";

/**
 * Parses a response body with a zod schema. Schemas should be loose objects (`z.looseObject`) so unknown
 * fields pass through. A mismatch raises {@link ResponseValidationError} naming the first bad field and
 * carrying the response's `requestId`.
 *
 * A body that already conforms exactly ({@link conformsTo}, the common case) is returned as is, without zod's
 * copy: equal to what zod returns, with the server's key order. Pass data fresh from `JSON.parse`.
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  context: { requestId?: string | undefined; what?: string } = {},
): z.output<S> {
  if (conformsTo(schema, data, "exact")) return data as z.output<S>;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join(".") : "";
  const what = context.what ?? "response";
  const where = field ? `field "${field}"` : "body";
  throw new ResponseValidationError(
    `Unexpected ${what} from server: ${where} ${issue?.message ?? "is invalid"}` +
      (context.requestId ? ` (request id ${context.requestId})` : ""),
    { field, requestId: context.requestId, cause: result.error },
  );
}
