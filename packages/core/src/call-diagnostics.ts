import type { HttpCallMessage } from "./diagnostics.js";
import type { HttpMethod } from "./request-options.js";
import type { RequestTarget } from "./request-target.js";

/** What the diagnostics message reports about a call; the loop fills it in as it goes. */
export interface CallState {
  attempts: number;
  retries: number;
  status: number | undefined;
  requestId: string | undefined;
  target: RequestTarget | undefined;
}

/** A fresh {@link CallState}. */
export function newCallState(): CallState {
  return { attempts: 0, retries: 0, status: undefined, requestId: undefined, target: undefined };
}

/** Builds the {@link HttpCallMessage} of a finished call (only ever called when someone subscribes). */
export function callMessage(
  method: HttpMethod,
  state: CallState,
  started: number,
  error: unknown,
  failed: boolean,
): HttpCallMessage {
  const target = state.target;
  const path = target ? target.path.replace(/[?#].*$/s, "") : "";
  const message: HttpCallMessage = {
    method,
    url: target ? `${target.origin}${path}` : "",
    attempts: state.attempts,
    retries: state.retries,
    durationMs: performance.now() - started,
  };
  if (state.status !== undefined) message.status = state.status;
  if (state.requestId !== undefined) message.requestId = state.requestId;
  if (failed) message.error = error;
  return message;
}
