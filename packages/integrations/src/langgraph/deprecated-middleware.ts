import type { Runtime } from "langchain";
import {
  type HighflameLangChainMiddleware,
  type HighflameLangChainOptions,
  highflameMiddleware,
} from "../langchain/middleware.js";
import { threadIdOfRuntime } from "../langchain/session.js";
import { readStateKey, resolveSessionId, threadIdOf } from "../session-id.js";
import type { ShieldLike } from "../types.js";

/**
 * Options of the deprecated {@link HighflameMiddleware}: those of `highflameMiddleware` plus the two
 * LangGraph-era session options.
 *
 * @deprecated Use `HighflameLangChainOptions` with `highflameMiddleware` from `@highflame/integrations/langchain`.
 */
export interface HighflameMiddlewareOptions extends HighflameLangChainOptions {
  /**
   * State key (dotted paths allowed) holding the session id, tried after `sessionId`. Default `"session_id"`.
   * LangChain 1.x shows a middleware only the `messages` of the agent state, so a custom key is not visible
   * there: pass `sessionId`, or rely on the run's `thread_id`.
   */
  sessionIdKey?: string | undefined;
  /** Returns the current runnable config (e.g. `getConfig` of `@langchain/langgraph`); its `thread_id` is tried next. Default none. */
  getConfig?: (() => unknown) | undefined;
}

/**
 * `new HighflameMiddleware(client, options)`: builds the same middleware as `highflameMiddleware`.
 *
 * @deprecated Use `highflameMiddleware` from `@highflame/integrations/langchain`.
 */
export interface HighflameMiddlewareConstructor {
  /** Builds the middleware; the session id is `sessionId` → state `sessionIdKey` → `getConfig()` → the runtime's `thread_id`. */
  new (client: ShieldLike, options?: HighflameMiddlewareOptions): HighflameLangChainMiddleware;
}

let warned = false;

/**
 * The LangGraph-era class name of the LangChain agent middleware; emits one `DeprecationWarning` per process.
 *
 * @deprecated Use `highflameMiddleware(client, options)` from `@highflame/integrations/langchain`.
 */
export const HighflameMiddleware = function HighflameMiddleware(
  client: ShieldLike,
  options: HighflameMiddlewareOptions = {},
): HighflameLangChainMiddleware {
  if (!warned) {
    warned = true;
    process.emitWarning(
      "HighflameMiddleware from @highflame/integrations/langgraph is deprecated: use highflameMiddleware from @highflame/integrations/langchain",
      { type: "DeprecationWarning", code: "HIGHFLAME_LANGGRAPH_ALIAS" },
    );
  }
  const { sessionIdKey = "session_id", getConfig, sessionId, ...rest } = options;
  return highflameMiddleware(client, {
    ...rest,
    sessionId: ({
      state,
      runtime,
    }: {
      state: Record<string, unknown>;
      runtime: Runtime<unknown> | undefined;
    }) =>
      resolveSessionId(
        typeof sessionId === "function" ? () => sessionId({ state, runtime }) : sessionId,
        () => readStateKey(state, sessionIdKey),
        () => (getConfig ? threadIdOf(getConfig()) : undefined),
        () => threadIdOfRuntime(runtime),
      ),
  });
} as unknown as HighflameMiddlewareConstructor;
