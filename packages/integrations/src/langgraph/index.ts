/**
 * Highflame Shield middleware for LangChain / LangGraph agents. No LangChain dependency: the middleware matches
 * the agent-middleware hook shapes structurally.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  HighflameMiddleware,
  type HighflameMiddlewareOptions,
  type LangGraphMessage,
  type LangGraphModelRequest,
  type LangGraphRuntime,
  type LangGraphState,
  type LangGraphToolCall,
  type LangGraphToolCallRequest,
} from "./middleware.js";
