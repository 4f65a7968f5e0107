/** What `withResponse()` resolves to (the shape of openai's `APIPromise.withResponse()`). */
export interface GuardedResponse<T> {
  /** The guarded data: after the output checks (and any `modify` substitution). */
  data: T;
  /** The raw HTTP response of the provider call. */
  response: Response;
  /** The provider's `x-request-id`, when it sent one. */
  request_id: string | null;
}

/**
 * The promise a guarded `create()` returns: resolves to the guarded data, and, like openai's `APIPromise`,
 * offers `withResponse()` for the raw `Response` next to it. (`asResponse()` is not offered: a raw body would
 * bypass the output checks.)
 */
export type GuardedAPIPromise<T> = Promise<T> & {
  /** The guarded data plus the raw HTTP response and request id. */
  withResponse(): Promise<GuardedResponse<T>>;
};

/** The part of openai's `APIPromise` a guarded call uses. */
interface WithResponse<T> {
  withResponse(): Promise<{ data: T; response: Response; request_id: string | null }>;
}

/**
 * Runs one guarded provider call: `before` (the input checks) first, then `send` (the provider call, started
 * only when the input passed), then `after` (the output checks) on the data. The call runs once, eagerly,
 * whether the caller awaits the promise or `withResponse()`.
 */
export function guardedCall<T, R = T>(
  before: () => Promise<void>,
  send: () => WithResponse<T> | Promise<T>,
  after: (data: T) => Promise<R>,
): GuardedAPIPromise<R> {
  const full = (async (): Promise<GuardedResponse<R>> => {
    await before();
    const pending = send();
    if (typeof (pending as WithResponse<T>).withResponse === "function") {
      const { data, response, request_id } = await (pending as WithResponse<T>).withResponse();
      return { data: await after(data), response, request_id };
    }
    // A client whose create() returns a plain promise (a custom subclass or fetch shim): no raw response.
    const data = await (pending as Promise<T>);
    return { data: await after(data), response: undefined as unknown as Response, request_id: null };
  })();
  const data = full.then((result) => result.data);
  // The caller may use only one of the two; the other must not surface as an unhandled rejection.
  data.catch(() => {});
  return Object.assign(data, { withResponse: () => full });
}
