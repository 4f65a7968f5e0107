/**
 * `@highflame/sdk/integrations/langchain`: re-exports `@highflame/integrations/langchain` (needs `langchain` 1.x
 * and `@langchain/core` 1.x installed).
 *
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
  type LangChainSessionContext,
  SuspendedError,
} from "@highflame/integrations/langchain";
