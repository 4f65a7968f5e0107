import type { AIProjectClient } from "@azure/ai-projects";
import type { OpenAI } from "openai";
import { IntegrationGuard } from "../integration-guard.js";
import { type GuardedOpenAI, type GuardOpenAIOptions, guardOpenAIWith } from "../openai/guard-openai.js";
import type { ShieldLike } from "../types.js";

/** Options of {@link guardFoundry}. */
export interface GuardFoundryOptions extends GuardOpenAIOptions {
  /** Passed to `project.getOpenAIClient()` (e.g. `{ azureConfig: { agentName, allowPreview } }`). Default none. */
  openAI?: Parameters<AIProjectClient["getOpenAIClient"]>[0] | undefined;
}

/**
 * Azure AI Foundry (`@azure/ai-projects` 2.x): agents run through the OpenAI Responses client the project hands
 * out (`project.getOpenAIClient()`), so this guards that client with the `openai` adapter: `responses.create`
 * (including `agent_reference` runs), `chat.completions.create`, and the items added with
 * `conversations.create` / `conversations.items.create`. The conversation id is the session id unless one is
 * given. Function calls (`function_call` items) and MCP approval requests (`mcp_approval_request`) are checked
 * before your loop can run or approve them; a block throws `BlockedError` / `SuspendedError`.
 */
export function guardFoundry(
  project: AIProjectClient,
  client: ShieldLike,
  options: GuardFoundryOptions = {},
): GuardedOpenAI<OpenAI> {
  const openai = project.getOpenAIClient(options.openAI);
  return guardOpenAIWith(openai, new IntegrationGuard(client, options, "foundry"), options);
}
