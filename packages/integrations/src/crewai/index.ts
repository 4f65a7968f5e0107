/**
 * Highflame Shield hooks for CrewAI-style hook registries. No CrewAI dependency: any object implementing
 * {@link CrewHooksRegistry} works.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type CrewAfterHook,
  type CrewBeforeHook,
  type CrewHooksRegistry,
  type CrewLlmCallContext,
  type CrewMessage,
  type CrewToolCallContext,
  HighflameCrewHooks,
  type HighflameCrewHooksOptions,
} from "./hooks.js";
