/**
 * `@highflame/sdk/integrations/openai`: re-exports `@highflame/integrations/openai` (`guardOpenAI` for the
 * `openai` 7 client). Needs `openai` installed.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  type GuardedAPIPromise,
  type GuardedChatCompletions,
  type GuardedOpenAI,
  type GuardedResponse,
  type GuardedResponses,
  type GuardOpenAIOptions,
  type GuardStreamOptions,
  guardOpenAI,
  type OpenAIRequestOptions,
  SuspendedError,
} from "@highflame/integrations/openai";
