/**
 * `@highflame/sdk/integrations/strands`: re-exports `@highflame/integrations/strands` (a Strands Agents 1.x
 * plugin). Needs `@strands-agents/sdk` installed.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  HighflameStrandsHooks,
  type HighflameStrandsHooksOptions,
  SuspendedError,
} from "@highflame/integrations/strands";
