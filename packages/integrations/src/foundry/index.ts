/**
 * Highflame Shield for Azure AI Foundry (`@azure/ai-projects` 2.x): `guardFoundry(project, client)` guards the
 * OpenAI Responses client the project hands out, reusing the `openai` adapter. `@azure/ai-projects` is an
 * optional peer: importing this subpath without it fails with an error naming it.
 *
 * @packageDocumentation
 */

import { requirePeer } from "../peer.js";

await requirePeer({
  specifier: "@azure/ai-projects",
  subpath: "@highflame/integrations/foundry",
  install: '@azure/ai-projects@"^2.0.0"',
  load: () => import("@azure/ai-projects"),
});

export { BlockedError, SuspendedError } from "@highflame/shield";
export type { GuardedOpenAI, GuardOpenAIOptions } from "../openai/guard-openai.js";
export { type GuardFoundryOptions, guardFoundry } from "./guard-foundry.js";
