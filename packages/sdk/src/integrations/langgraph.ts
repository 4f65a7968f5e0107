/**
 * `@highflame/sdk/integrations/langgraph`: re-exports `@highflame/integrations/langgraph`.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  HighflameMiddleware,
  type HighflameMiddlewareOptions,
  type LangGraphMessage,
  type LangGraphModelRequest,
  type LangGraphRuntime,
  type LangGraphState,
  type LangGraphToolCall,
  type LangGraphToolCallRequest,
  SuspendedError,
} from "@highflame/integrations/langgraph";
