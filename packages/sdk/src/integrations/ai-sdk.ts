/**
 * `@highflame/sdk/integrations/ai-sdk`: re-exports `@highflame/integrations/ai-sdk`.
 *
 * @packageDocumentation
 */

export {
  type AISDKCallParams,
  BlockedError,
  type HighflameAISDKMiddleware,
  type HighflameAISDKOptions,
  highflameMiddleware,
  SuspendedError,
} from "@highflame/integrations/ai-sdk";
