/** What the SDK understood of an error response body, whatever shape the server used. */
export interface ParsedErrorBody {
  /** The body as parsed JSON, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  /** Problem `title`, OAuth `error`, or nested `error.status`/`error.code`. */
  title: string | undefined;
  /** Problem `detail`, OAuth `error_description`, nested `error.message`, or the plain-text body. */
  detail: string | undefined;
  /** Problem `errors[]` (field-level failures), when present. */
  errors: Array<{ message?: string; location?: string; value?: unknown }> | undefined;
}

const MAX_TEXT = 2_000;

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

/**
 * Reads the three error shapes in use: RFC 9457 problem+json (`title`, `detail`, `errors`), OAuth
 * (`error`, `error_description`) and the nested `{"error": {code, message, status}}` validation shape; anything
 * else (HTML, plain text) becomes `detail` after trimming.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === "") return { body: undefined, title: undefined, detail: undefined, errors: undefined };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    const detail = trimmed.length > MAX_TEXT ? `${trimmed.slice(0, MAX_TEXT)}…` : trimmed;
    return { body: trimmed, title: undefined, detail, errors: undefined };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return {
      body: json,
      title: undefined,
      detail: typeof json === "string" ? json : undefined,
      errors: undefined,
    };
  }
  const record = json as Record<string, unknown>;
  const nested = record.error;
  if (nested !== null && typeof nested === "object" && !Array.isArray(nested)) {
    const inner = nested as Record<string, unknown>;
    return {
      body: json,
      title:
        str(inner.status) ??
        str(inner.internalCode) ??
        (inner.code === undefined ? undefined : String(inner.code)),
      detail: str(inner.message),
      errors: undefined,
    };
  }
  const errors = Array.isArray(record.errors) ? (record.errors as ParsedErrorBody["errors"]) : undefined;
  return {
    body: json,
    title: str(record.title) ?? str(record.error),
    detail: str(record.detail) ?? str(record.error_description) ?? str(record.message),
    errors,
  };
}
