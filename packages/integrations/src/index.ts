/**
 * Framework adapters for Highflame Shield. The root entry holds the shared pieces; each framework has its own
 * subpath: `@highflame/integrations/ai-sdk`, `/langchain` (and its deprecated alias `/langgraph`), `/strands`,
 * `/foundry`.
 *
 * @packageDocumentation
 */

export { sha256, stableStringify } from "./hash.js";
export {
  type CheckOutcome,
  type CheckRequest,
  IntegrationGuard,
  type MessageOutcome,
  resolveGuard,
} from "./integration-guard.js";
export {
  SessionMessageTracker,
  type SessionMessageTrackerOptions,
  type TrackedMessage,
  trailingUserIndices,
} from "./message-tracker.js";
export { messageRole, toTrackedMessage, withContent } from "./messages.js";
export { type PeerRequirement, packageNameOf, requirePeer } from "./peer.js";
export { asSessionId, readStateKey, resolveSessionId, threadIdOf } from "./session-id.js";
export { contentText, replaceContentText } from "./text.js";
export {
  hashToolDefinition,
  type ToolDefinition,
  ToolDefinitionScanner,
  type ToolDefinitionScannerOptions,
  toolDefinitionContent,
  toToolDefinitions,
} from "./tool-definition-scanner.js";
export type {
  CheckInfo,
  CheckKind,
  GuardClientLike,
  GuardLike,
  IntegrationOptions,
  ModeOption,
  ShieldLike,
} from "./types.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/integrations";
