/**
 * `@highflame/sdk/integrations/crewai`: re-exports `@highflame/integrations/crewai`.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  type CrewAfterHook,
  type CrewBeforeHook,
  type CrewHooksRegistry,
  type CrewLlmCallContext,
  type CrewMessage,
  type CrewToolCallContext,
  HighflameCrewHooks,
  type HighflameCrewHooksOptions,
  SuspendedError,
} from "@highflame/integrations/crewai";
