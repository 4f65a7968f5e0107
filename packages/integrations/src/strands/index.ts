/**
 * Highflame Shield hooks for AWS Strands Agents. `@strands-agents/sdk` is an optional peer, loaded lazily by
 * `registerHooks()`; pass the event classes to avoid it.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  HighflameStrandsHooks,
  type HighflameStrandsHooksOptions,
  type StrandsAfterModelCallEvent,
  type StrandsAfterToolCallEvent,
  type StrandsAgent,
  type StrandsBeforeInvocationEvent,
  type StrandsBeforeModelCallEvent,
  type StrandsBeforeToolCallEvent,
  type StrandsEventClasses,
  type StrandsEventType,
  type StrandsHookableAgent,
  type StrandsHookRegistry,
  type StrandsMessage,
} from "./hooks.js";
