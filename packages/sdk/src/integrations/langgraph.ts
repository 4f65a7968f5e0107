/**
 * `@highflame/sdk/integrations/langgraph`: re-exports `@highflame/integrations/langgraph`, the deprecated alias
 * of `@highflame/sdk/integrations/langchain`.
 *
 * @deprecated Use `@highflame/sdk/integrations/langchain`.
 * @packageDocumentation
 */

export {
  BlockedError,
  blockedErrorOf,
  HighflameCallbackHandler,
  type HighflameCallbackHandlerOptions,
  type HighflameLangChainMiddleware,
  type HighflameLangChainOptions,
  HighflameMiddleware,
  type HighflameMiddlewareConstructor,
  type HighflameMiddlewareOptions,
  highflameMiddleware,
  SuspendedError,
} from "@highflame/integrations/langgraph";
