/**
 * Highflame Shield middleware for the Vercel AI SDK: `wrapLanguageModel({ model, middleware:
 * highflameMiddleware(client) })`. Written against the `ai` package's own types (ai 7, language-model
 * specification V4); `ai` is an optional peer dependency — importing this subpath without it fails with an
 * error naming the package to install.
 *
 * @packageDocumentation
 */

import { requirePeer } from "../peer.js";

await requirePeer({ specifier: "ai", subpath: "@highflame/integrations/ai-sdk", install: "ai@^7" });

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type HighflameAISDKMiddleware,
  type HighflameAISDKOptions,
  highflameMiddleware,
} from "./middleware.js";
export type { StreamOutputMode } from "./stream.js";
export type {
  AISDKCallParams,
  AISDKContent,
  AISDKGenerateResult,
  AISDKPromptMessage,
  AISDKStreamPart,
  AISDKStreamResult,
  AISDKTool,
  AISDKToolCall,
  TransformParams,
  WrapGenerate,
  WrapStream,
} from "./types.js";
