/**
 * Highflame Shield for the `openai` client (7.x, and 6.x from 6.45: 7.0's only breaking change is its Node 22
 * floor): `guardOpenAI(openai, client, options)` guards `chat.completions.create` and `responses.create`,
 * streaming or not. `openai` is an optional peer: importing this subpath without it fails with an error naming
 * the package to install.
 *
 * @packageDocumentation
 */

import { requirePeer } from "../peer.js";

await requirePeer({
  specifier: "openai",
  subpath: "@highflame/integrations/openai",
  install: 'openai@"^6.45.0 || ^7.0.0"',
  load: () => import("openai"),
});

export { BlockedError, SuspendedError } from "@highflame/shield";
export type { GuardStreamOptions } from "./chat-stream.js";
export {
  type GuardedChatCompletions,
  type GuardedConversations,
  type GuardedOpenAI,
  type GuardedResponses,
  type GuardOpenAIOptions,
  guardOpenAI,
  guardOpenAIWith,
  type OpenAIRequestOptions,
} from "./guard-openai.js";
export type { GuardedAPIPromise, GuardedResponse } from "./guarded-call.js";
