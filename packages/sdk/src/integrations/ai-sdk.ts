/**
 * `@highflame/sdk/integrations/ai-sdk`: re-exports `@highflame/integrations/ai-sdk` (needs `ai` 7 installed).
 *
 * @packageDocumentation
 */

export {
  type AISDKCallParams,
  type AISDKContent,
  type AISDKGenerateResult,
  type AISDKPromptMessage,
  type AISDKStreamPart,
  type AISDKStreamResult,
  type AISDKTool,
  type AISDKToolCall,
  BlockedError,
  type HighflameAISDKMiddleware,
  type HighflameAISDKOptions,
  highflameMiddleware,
  type StreamOutputMode,
  SuspendedError,
} from "@highflame/integrations/ai-sdk";
