/**
 * Highflame Shield middleware for Azure AI Foundry agent runs. No Azure dependency: the agents client is
 * matched structurally.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type CreateAndPollRunParams,
  type FoundryRunResult,
  HighflameFoundryMiddleware,
  type HighflameFoundryMiddlewareOptions,
} from "./middleware.js";
export type {
  FoundryAgentsClient,
  FoundryMessage,
  FoundryMessageList,
  FoundryRun,
  FoundryToolCall,
  FoundryToolInvocation,
  FoundryToolOutput,
} from "./types.js";
