/**
 * Deprecated alias of `@highflame/integrations/langchain`, kept so existing imports keep working.
 *
 * LangGraph 1.x has no middleware of its own (`StateGraph.compile()` takes none): agent middleware belongs to
 * `createAgent({ middleware })` from `langchain`, which is what this alias builds. New code should import
 * `highflameMiddleware` from `@highflame/integrations/langchain`.
 *
 * @deprecated Use `@highflame/integrations/langchain`.
 * @packageDocumentation
 */

export {
  BlockedError,
  blockedErrorOf,
  HighflameCallbackHandler,
  type HighflameCallbackHandlerOptions,
  type HighflameLangChainMiddleware,
  type HighflameLangChainOptions,
  highflameMiddleware,
  SuspendedError,
} from "../langchain/index.js";
export {
  HighflameMiddleware,
  type HighflameMiddlewareConstructor,
  type HighflameMiddlewareOptions,
} from "./deprecated-middleware.js";
