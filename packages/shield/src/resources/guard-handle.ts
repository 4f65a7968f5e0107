import { allowed } from "../decisions.js";
import { BlockedError, SuspendedError } from "../errors.js";
import type { GuardResponse } from "../wire/guard-response.js";

/** The error a non-allowed response maps to: {@link SuspendedError} for step_up/defer, else {@link BlockedError}. */
export function blockedErrorFor(response: GuardResponse): BlockedError {
  return response.decision === "step_up" || response.decision === "defer"
    ? new SuspendedError(response)
    : new BlockedError(response);
}

/**
 * A guard evaluation running in the background (from `guard.start()`).
 *
 * @example
 * const handle = client.guard.start({ content: prompt, content_type: "prompt", action: "process_prompt" });
 * const context = await loadContext(sessionId, { signal: handle.signal }); // cancelled on deny
 * await handle.check(); // throws BlockedError / SuspendedError when not allowed
 * return callLlm(prompt, context);
 */
export class GuardHandle {
  /** Resolves with the response (a deny resolves too); rejects when evaluation fails. */
  readonly result: Promise<GuardResponse>;
  /**
   * Aborts when the decision is not allowed (reason: the {@link BlockedError}) or evaluation failed (reason: the
   * error). Pass it to the work started beside the evaluation.
   */
  readonly signal: AbortSignal;
  readonly #evaluation: AbortController;

  constructor(run: (signal: AbortSignal) => Promise<GuardResponse>, callerSignal?: AbortSignal) {
    const verdict = new AbortController();
    this.#evaluation = new AbortController();
    this.signal = verdict.signal;
    const signal = callerSignal
      ? AbortSignal.any([callerSignal, this.#evaluation.signal])
      : this.#evaluation.signal;
    this.result = run(signal).then(
      (response) => {
        if (!allowed(response)) verdict.abort(blockedErrorFor(response));
        return response;
      },
      (error: unknown) => {
        verdict.abort(error);
        throw error;
      },
    );
    // The caller may rely on `signal` alone; an unobserved failure must not crash the process.
    this.result.catch(() => {});
  }

  /** Waits for the result and throws {@link BlockedError} / {@link SuspendedError} unless it is allowed. */
  async check(): Promise<GuardResponse> {
    const response = await this.result;
    if (!allowed(response)) throw blockedErrorFor(response);
    return response;
  }

  /** Cancels the evaluation (the result rejects with `APIUserAbortError`, and `signal` aborts). */
  cancel(): void {
    this.#evaluation.abort();
  }
}
