import { BlockedError } from "@highflame/shield";

/**
 * The `BlockedError` (or `SuspendedError`) behind an error thrown by a LangChain agent, or `undefined`.
 *
 * LangChain wraps errors thrown inside `wrapToolCall` and `wrapModelCall` in its own `MiddlewareError` (the
 * original on `cause`), so a tool call or tool definition blocked by Highflame rejects `agent.invoke` with a
 * `MiddlewareError`; prompts and model output (`beforeModel` / `afterModel`) reject with the `BlockedError`
 * itself. This walks the `cause` chain (at most 10 levels), so one check covers both.
 *
 * @example
 * try { await agent.invoke(input); } catch (error) { const blocked = blockedErrorOf(error); if (blocked) … }
 */
export function blockedErrorOf(error: unknown): BlockedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (current instanceof BlockedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
