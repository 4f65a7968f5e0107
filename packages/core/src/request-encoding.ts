import type { RequestSpec } from "./request-options.js";

/**
 * Builds the headers of an attempt: defaults (`accept`, `user-agent`, content type, idempotency key, retry
 * count), then credentials, then the client's headers, then the call's (`undefined` removes a header). Names are
 * lower-cased; the client's part is prepared once. @internal
 */
export class HeaderBuilder {
  readonly #userAgent: string;
  readonly #clientHeaders: Array<[string, string | undefined]>;

  constructor(userAgent: string, clientHeaders: Record<string, string | undefined> | undefined) {
    this.#userAgent = userAgent;
    this.#clientHeaders = Object.entries(clientHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]);
  }

  /** The headers of one attempt. */
  merge(
    spec: RequestSpec,
    contentType: string | undefined,
    idempotencyKey: string | undefined,
    retries: number,
    credentials: Record<string, string> | undefined,
  ): Record<string, string> {
    const merged: Record<string, string | undefined> = {
      accept: spec.accept ?? "application/json",
      "user-agent": this.#userAgent,
    };
    if (contentType) merged["content-type"] = contentType;
    if (idempotencyKey) merged["idempotency-key"] = idempotencyKey;
    merged["x-highflame-retry-count"] = String(retries);
    if (credentials) Object.assign(merged, credentials);
    let removed = false;
    for (const [name, value] of this.#clientHeaders) {
      merged[name] = value;
      removed ||= value === undefined;
    }
    if (spec.headers) {
      for (const name in spec.headers) {
        const value = spec.headers[name];
        merged[name.toLowerCase()] = value;
        removed ||= value === undefined;
      }
    }
    if (removed) for (const name in merged) if (merged[name] === undefined) delete merged[name];
    return merged as Record<string, string>;
  }
}

/** The body of a call: JSON, or `application/x-www-form-urlencoded` for `form` (undefined fields left out). @internal */
export function encodeBody(spec: RequestSpec): { body: string | undefined; contentType: string | undefined } {
  if (spec.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.form)) if (v !== undefined) params.append(k, v);
    return { body: params.toString(), contentType: "application/x-www-form-urlencoded" };
  }
  if (spec.body === undefined) return { body: undefined, contentType: undefined };
  return { body: JSON.stringify(spec.body), contentType: "application/json" };
}
