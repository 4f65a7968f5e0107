/** What replaces a secret in anything the SDK prints. */
export const REDACTED = "[REDACTED]";

/**
 * Service keys (`hf_sk_…`, `zid_sk_…`, refresh tokens `zid_rt_…`) and compact JWS/JWT strings. No leading word
 * boundary, so a secret right after `%22` (a percent-encoded quote in a logged URL) or `_` still matches.
 */
const SECRET_PATTERN =
  /(?:hf_sk_|zid_sk_|zid_rt_)[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** Headers whose values are credentials and are never printed. */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-highflame-apikey",
  "x-api-key",
  "dpop",
]);

/** Replaces every service key and JWT in a string. */
export function redactText(text: string): string {
  return text.replace(SECRET_PATTERN, REDACTED);
}

/** Returns a copy of a header bag with credential headers masked. Accepts Headers, arrays or records. */
export function redactHeaders(
  headers: HeadersInit | Record<string, unknown> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries: Iterable<[string, unknown]> =
    headers instanceof Headers || Array.isArray(headers)
      ? (headers as Iterable<[string, string]>)
      : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue;
    out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(String(value));
  }
  return out;
}

/**
 * Deep copy of a value with secrets removed: strings are scrubbed, credential-named keys (authorization,
 * cookie, api_key, access_token, client_secret, …) are masked, Errors become `{name, message}`. Cycles safe.
 */
export function redactValue(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (value instanceof Error) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === "function") return redactValue(json.call(value), seen);
    return { name: value.name, message: redactText(value.message) };
  }
  if (value instanceof Headers) return redactHeaders(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKeyName(key) ? REDACTED : redactValue(item, seen);
  }
  return out;
}

const SECRET_KEY_NAMES = new Set([
  "api_key",
  "apikey",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "clientsecret",
  "subject_token",
  "actor_token",
  "token",
  "password",
  "secret",
  "private_key",
  "privatekey",
]);

function isSecretKeyName(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_HEADERS.has(lower) || SECRET_KEY_NAMES.has(lower.replace(/-/g, "_"));
}
