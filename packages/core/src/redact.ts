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

/** True for a `Headers`-like object (WHATWG `Headers` or the SDK's `ResponseHeaders`). */
function isHeaderBag(value: object): value is Iterable<[string, string]> {
  const bag = value as { get?: unknown; entries?: unknown; [Symbol.iterator]?: unknown };
  return typeof bag.get === "function" && typeof bag.entries === "function" && Symbol.iterator in bag;
}

/**
 * Returns a copy of a header bag with credential headers masked. Accepts `Headers`, the SDK's
 * `ResponseHeaders`, `[name, value]` arrays or records.
 */
export function redactHeaders(
  headers: HeadersInit | Iterable<[string, string]> | Record<string, unknown> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries: Iterable<[string, unknown]> =
    Array.isArray(headers) || isHeaderBag(headers)
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
  if (isHeaderBag(value)) return redactHeaders(value);
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

/**
 * The credentials a request carried, so an error built from the response can scrub them even when a server
 * echoes them in a format {@link redactText} cannot recognise: values of credential headers (and the token
 * after `Bearer `), and credential-named fields of a JSON or form body. Only called when a call fails.
 */
export function requestSecrets(
  headers: Record<string, string>,
  spec: { body?: unknown; form?: Record<string, string | undefined> | undefined },
): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!SENSITIVE_HEADERS.has(name)) continue;
    const value = headers[name]!;
    secrets.push(value);
    const space = value.indexOf(" ");
    if (space > 0) secrets.push(value.slice(space + 1));
    if (/^basic /i.test(value)) secrets.push(...basicCredentials(value.slice(6)));
  }
  const fields = spec.form ?? (spec.body !== null && typeof spec.body === "object" ? spec.body : undefined);
  if (fields && !Array.isArray(fields)) {
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === "string" && isSecretKeyName(key)) secrets.push(value);
    }
  }
  return secrets.filter((secret) => secret.length >= 6);
}

/** Replaces every occurrence of each secret (raw, JSON-escaped and percent-encoded) with {@link REDACTED}. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** The password of a `Basic` credential, as sent and percent-decoded (RFC 6749 §2.3.1 encodes it). */
function basicCredentials(encoded: string): string[] {
  let decoded: string;
  try {
    decoded = globalThis.atob(encoded.trim());
  } catch {
    return [];
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return [];
  const password = decoded.slice(colon + 1);
  let plain = password;
  try {
    plain = decodeURIComponent(password);
  } catch {
    // Not percent-encoded: the raw form is the one to scrub.
  }
  return plain === password ? [password] : [password, plain];
}
