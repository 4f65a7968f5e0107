/**
 * Highflame Shield for LangChain.js 1.x: agent middleware for `createAgent({ middleware })` (`langchain`) and a
 * callback handler for chains that do not use `createAgent` (`@langchain/core`). Both packages are optional
 * peer dependencies — importing this subpath without them fails with an error naming what to install.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export { blockedErrorOf } from "./blocked-error.js";
export { HighflameCallbackHandler, type HighflameCallbackHandlerOptions } from "./callback-handler.js";
export {
  type HighflameLangChainMiddleware,
  type HighflameLangChainOptions,
  highflameMiddleware,
  type LangChainSessionContext,
} from "./middleware.js";
