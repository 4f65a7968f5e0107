/**
 * `@highflame/sdk/integrations/foundry`: re-exports `@highflame/integrations/foundry` (`guardFoundry` for the
 * OpenAI Responses client of `@azure/ai-projects` 2.x). Needs `@azure/ai-projects` installed.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  type GuardedOpenAI,
  type GuardFoundryOptions,
  type GuardOpenAIOptions,
  guardFoundry,
  SuspendedError,
} from "@highflame/integrations/foundry";
