/**
 * Highflame Shield as `@openai/agents` guardrails: input, output and tool guardrails in the SDK's own types.
 * `@openai/agents` is an optional peer: importing this subpath without it fails with an error naming it.
 *
 * @packageDocumentation
 */

import { requirePeer } from "../peer.js";

await requirePeer({
  specifier: "@openai/agents",
  subpath: "@highflame/integrations/openai-agents",
  install: '@openai/agents@"^0.20.0"',
  load: () => import("@openai/agents"),
});

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type HighflameGuardrailInfo,
  type HighflameGuardrails,
  type HighflameGuardrailsOptions,
  highflameGuardrails,
} from "./guardrails.js";
