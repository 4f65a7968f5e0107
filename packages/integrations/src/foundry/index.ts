/**
 * Highflame Shield for Azure AI Foundry (`@azure/ai-projects` 2.x): `guardFoundry(project, client)` guards the
 * OpenAI Responses client the project hands out, reusing the `openai` adapter. `@azure/ai-projects` is an
 * optional peer: importing this subpath without it fails with an error naming it.
 *
 * @packageDocumentation
 */

import { importPeer } from "../openai/peer-import.js";

await importPeer(() => import("@azure/ai-projects"), {
  packageName: "@azure/ai-projects",
  range: "^2.0.0",
  subpath: "@highflame/integrations/foundry",
});

export { BlockedError, SuspendedError } from "@highflame/shield";
export type { GuardedOpenAI, GuardOpenAIOptions } from "../openai/guard-openai.js";
export { type GuardFoundryOptions, guardFoundry } from "./guard-foundry.js";
