import { ConfigurationError, RequestValidationError } from "./errors/client-errors.js";

/** Query parameters; arrays repeat the key, `undefined` values are skipped. */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Validates and normalises a base URL (http/https, no query or fragment, no trailing slash). */
export function normalizeBaseUrl(baseUrl: string, option = "baseUrl"): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`${option} is not a valid URL: ${JSON.stringify(baseUrl)}`, { option });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(`${option} must use http or https, got ${url.protocol}`, { option });
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(`${option} must not carry a query string or fragment`, { option });
  }
  return url.toString().replace(/\/+$/, "");
}

/**
 * Joins a base URL and an API path. The result always stays under the base path: `..` segments, absolute URLs
 * and protocol-relative paths in `path` are rejected rather than resolved.
 */
export function joinUrl(baseUrl: string, path: string, query?: QueryParams): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//")) {
    throw new RequestValidationError(`path must be relative to the base URL: ${JSON.stringify(path)}`, {
      field: "path",
    });
  }
  const segments = path.split(/[?#]/)[0]!.split("/");
  if (segments.some(isUnsafeSegment)) {
    throw new RequestValidationError(`path must not contain dot or encoded separator segments`, {
      field: "path",
    });
  }
  const base = baseUrl.replace(/\/+$/, "");
  const url = new URL(`${base}/${path.replace(/^\/+/, "")}`);
  const basePath = new URL(`${base}/`).pathname;
  if (!url.pathname.startsWith(basePath)) {
    throw new RequestValidationError(`path must stay under the base URL: ${JSON.stringify(path)}`, {
      field: "path",
    });
  }
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.append(key, String(value));
    }
  }
  return url.toString();
}

/**
 * A segment that URL resolution would treat as `.`/`..` or that smuggles a separator: the WHATWG parser also
 * reads `%2e` (any case) as a dot, so `.%2e`, `%2e.` and `%2e` are checked after decoding.
 */
function isUnsafeSegment(segment: string): boolean {
  if (segment.includes("\\") || /%2f|%5c/i.test(segment)) return true;
  const dots = segment.replace(/%2e/gi, ".");
  return dots === "." || dots === "..";
}

/** Percent-encodes one path segment (an id supplied by the caller), so it cannot add segments. */
export function pathSegment(value: string, field = "id"): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new RequestValidationError(`${field} must be a non-empty string`, { field });
  }
  return encodeURIComponent(value);
}
