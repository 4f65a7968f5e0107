import { MAX_REDIRECTS, RedirectError } from "./errors/client-errors.js";
import type { ResponseHeaders } from "./headers.js";
import { redactText } from "./redact.js";
import type { HttpMethod } from "./request-options.js";
import type { RequestTarget } from "./request-target.js";

/** Statuses treated as redirects (0 is a browser's opaque redirect). */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([0, 301, 302, 303, 307, 308]);

/** Whether a status is a redirect the loop must decide on. */
export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The next target of a redirect, or a {@link RedirectError} (thrown) when it must not be followed. Policy
 * (docs/decisions/0005-transport-redirects-interception.md): only same-origin redirects are followed, with the
 * same method, headers and body — 307/308 for any method, 301/302/303 only for GET (fetch would turn a POST
 * into a body-less GET, i.e. a different call) — at most {@link MAX_REDIRECTS} per attempt; `follow: false`
 * refuses every redirect (JWKS).
 */
export function nextRedirectTarget(
  status: number,
  headers: ResponseHeaders,
  current: RequestTarget,
  method: HttpMethod,
  hops: number,
  follow: boolean,
  scrub: (text: string) => string = (text) => text,
): RequestTarget {
  const requestId = headers.get("x-request-id") ?? undefined;
  const raw = status === 0 ? null : headers.get("location");
  let next: URL | undefined;
  try {
    if (raw !== null) next = new URL(raw, current.origin + current.path);
  } catch {
    next = undefined;
  }
  const location = next ? scrub(redactText(`${next.origin}${next.pathname}`)) : undefined;
  const refuse = (why: string) =>
    new RedirectError(
      `Refused to follow a ${status || "opaque"} redirect${location ? ` to ${location}` : ""}: ${why}.`,
      { status, location, requestId },
    );
  if (!follow) throw refuse("this call does not follow redirects");
  if (!next) throw refuse(raw === null ? "the response has no usable Location" : "the Location is not a URL");
  if (next.protocol !== "http:" && next.protocol !== "https:") throw refuse("it is not an http(s) URL");
  if (next.origin !== current.origin) {
    throw refuse(`it leaves ${current.origin}, and the SDK never sends a request to another origin`);
  }
  if (status !== 307 && status !== 308 && method !== "GET") {
    throw refuse(`a ${status} would turn this ${method} into a GET without its body`);
  }
  if (hops >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects in a row`);
  return { origin: next.origin, path: `${next.pathname}${next.search}` };
}
