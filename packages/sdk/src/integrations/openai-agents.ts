/**
 * `@highflame/sdk/integrations/openai-agents`: re-exports `@highflame/integrations/openai-agents` (guardrails for
 * `@openai/agents`). Needs `@openai/agents` installed.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  type HighflameGuardrailInfo,
  type HighflameGuardrails,
  type HighflameGuardrailsOptions,
  highflameGuardrails,
  SuspendedError,
} from "@highflame/integrations/openai-agents";
