/**
 * `@highflame/sdk/integrations/strands`: re-exports `@highflame/integrations/strands`.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
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
  SuspendedError,
} from "@highflame/integrations/strands";
