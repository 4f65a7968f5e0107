/** Name of the `node:diagnostics_channel` channel on which every logical HTTP call is published. */
export const HTTP_CALL_CHANNEL = "highflame:http:call";

/**
 * Published on {@link HTTP_CALL_CHANNEL} once per logical call (all attempts included), synchronously in the
 * caller's async context and before the call's promise settles: on success, on failure, and for streams when
 * the response headers arrive (or the call fails before that). Nothing is built when nobody subscribes.
 */
export interface HttpCallMessage {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Origin and path of the request, without the query string or fragment. */
  url: string;
  /** Status of the last response, when one arrived. */
  status?: number;
  /** Attempts made (1 when the first attempt settled the call). */
  attempts: number;
  /** Retries made (`attempts - 1`, minus a 401 refresh repeat which is not counted as a retry). */
  retries: number;
  /** `x-request-id` of the last response, when present. */
  requestId?: string;
  /** Wall time of the whole call, ms (fractional). */
  durationMs: number;
  /** The error the call failed with, when it failed. */
  error?: unknown;
}
