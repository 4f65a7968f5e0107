/**
 * `@highflame/sdk/integrations/foundry`: re-exports `@highflame/integrations/foundry`.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  type CreateAndPollRunParams,
  type FoundryAgentsClient,
  type FoundryMessage,
  type FoundryMessageList,
  type FoundryRun,
  type FoundryRunResult,
  type FoundryToolCall,
  type FoundryToolInvocation,
  type FoundryToolOutput,
  HighflameFoundryMiddleware,
  type HighflameFoundryMiddlewareOptions,
  SuspendedError,
} from "@highflame/integrations/foundry";
