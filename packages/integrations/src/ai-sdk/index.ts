/**
 * Highflame Shield middleware for the Vercel AI SDK (`wrapLanguageModel`). No `ai` dependency: the middleware
 * is a `LanguageModelV2Middleware`-shaped object.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type AISDKCallParams,
  type HighflameAISDKMiddleware,
  type HighflameAISDKOptions,
  highflameMiddleware,
} from "./middleware.js";
