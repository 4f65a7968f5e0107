import type { HttpClient, RequestOptions } from "@highflame/core";
import type { FailMode } from "./fail-mode.js";
import type { Mode } from "./wire/enums.js";

/** What every resource needs from its client. @internal */
export interface ShieldContext {
  readonly http: HttpClient;
  /** `/v1{prefix}{path}` for a path such as `/guard`. */
  path(path: string): string;
  readonly defaultMode: Mode | undefined;
  readonly failMode: FailMode | undefined;
}

/** Per-call options of guard evaluations: request options plus an outage override. */
export interface GuardCallOptions extends RequestOptions {
  /** Overrides the client's `failMode` for this call. */
  failMode?: FailMode | undefined;
}

/** Splits call options from the request options the core loop understands. */
export function requestOptions(options: GuardCallOptions = {}): RequestOptions {
  const { failMode: _failMode, ...rest } = options;
  return rest;
}
