/**
 * Highflame Shield as `@openai/agents` guardrails: input, output and tool guardrails in the SDK's own types.
 * `@openai/agents` is an optional peer: importing this subpath without it fails with an error naming it.
 *
 * @packageDocumentation
 */

import { importPeer } from "../openai/peer-import.js";

await importPeer(() => import("@openai/agents"), {
  packageName: "@openai/agents",
  range: "^0.20.0",
  subpath: "@highflame/integrations/openai-agents",
});

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type HighflameGuardrailInfo,
  type HighflameGuardrails,
  type HighflameGuardrailsOptions,
  highflameGuardrails,
} from "./guardrails.js";
