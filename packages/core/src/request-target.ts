import { RequestValidationError } from "./errors/client-errors.js";
import { joinUrl, type QueryParams } from "./url.js";

/** Where one attempt goes: undici addresses a request by origin plus path. */
export interface RequestTarget {
  /** `scheme://host[:port]`. */
  origin: string;
  /** Path and query string. */
  path: string;
}

/** Characters that need no normalisation in a path, so the fast path can skip the URL parser. */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const UNSAFE_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * Splits a base URL once into origin and path prefix, then builds targets per call without parsing a URL
 * when the path is plain (letters, digits, `-._~` and sub-delimiters); anything else goes through
 * {@link joinUrl}, which validates and normalises.
 */
export class TargetBuilder {
  readonly #baseUrl: string;
  readonly #origin: string;
  readonly #prefix: string;
  readonly #cache = new Map<string, RequestTarget>();

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.#baseUrl = baseUrl;
    this.#origin = url.origin;
    this.#prefix = url.pathname.replace(/\/+$/, "");
  }

  /** The target of `path` (relative to the base) or of an absolute `url`. */
  build(path: string | undefined, url: string | undefined, query: QueryParams | undefined): RequestTarget {
    if (url !== undefined) return absoluteTarget(url, query);
    const relative = path ?? "/";
    if (query === undefined) {
      const hit = this.#cache.get(relative);
      if (hit) return hit;
      const target = this.#build(relative, undefined);
      // A client calls a handful of fixed paths; ids make paths vary, so the cache is kept small.
      if (this.#cache.size >= 128) this.#cache.clear();
      this.#cache.set(relative, target);
      return target;
    }
    return this.#build(relative, query);
  }

  #build(relative: string, query: QueryParams | undefined): RequestTarget {
    if (
      PLAIN_PATH.test(relative) &&
      !relative.startsWith("//") &&
      !SCHEME.test(relative) &&
      !UNSAFE_SEGMENT.test(relative)
    ) {
      const tail = relative.replace(/^\/+/, "");
      return { origin: this.#origin, path: `${this.#prefix}/${tail}${encodeQuery(query)}` };
    }
    return split(joinUrl(this.#baseUrl, relative, query));
  }
}

function absoluteTarget(url: string, query: QueryParams | undefined): RequestTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RequestValidationError(`url is not a valid absolute URL: ${JSON.stringify(url)}`, {
      field: "url",
    });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new RequestValidationError(`url must use http or https, got ${parsed.protocol}`, { field: "url" });
  }
  const extra = encodeQuery(query);
  const search = parsed.search ? `${parsed.search}${extra.replace(/^\?/, "&")}` : extra;
  return { origin: parsed.origin, path: `${parsed.pathname}${search}` };
}

function split(url: string): RequestTarget {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

function encodeQuery(query: QueryParams | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
