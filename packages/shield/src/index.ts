/**
 * Highflame Shield guardrails client, wire schemas and enforcement wrappers.
 *
 * @packageDocumentation
 */

export { ShieldClient } from "./client.js";
export type { GuardCallOptions } from "./context.js";
export { DECISION_LOG_WINDOW_MS, DecisionLog, type DecisionLogInput } from "./decision-log.js";
export { alerted, allowed, denied, isDegraded, policyReason, suspended, wouldBlock } from "./decisions.js";
export { BlockedError, PolicyVerificationError, SuspendedError } from "./errors.js";
export { degradedResponse, FAIL_MODES, type FailMode, isOutage } from "./fail-mode.js";
export {
  DEFAULT_BASE_URL,
  defaultPathPrefix,
  normalizePathPrefix,
  type ShieldClientOptions,
} from "./options.js";
export {
  type EvaluateHelperOptions,
  type GuardRequestExtras,
  GuardResource,
  type GuardResult,
} from "./resources/guard.js";
export { blockedErrorFor, GuardHandle } from "./resources/guard-handle.js";
export {
  type DecisionStreamEvent,
  type DetectorResultStreamEvent,
  type ErrorStreamEvent,
  GuardStream,
  type GuardStreamEvent,
  type RawStreamEvent,
} from "./resources/guard-stream.js";
export {
  type DebugPoliciesOptions,
  DebugResource,
  DetectorsResource,
  DetectResource,
} from "./resources/other.js";
export { type RolloutOptions, rollout } from "./rollout.js";
export { MAX_SESSION_ID_LENGTH, type SessionScope, scopedSessionId } from "./session-id.js";
export { Shield, type ShieldOptions, type ShieldTarget } from "./shield.js";
export type {
  AnyFunction,
  DecisionInfo,
  GenericWrapperOptions,
  Guarded,
  GuardPhase,
  ModelResponseWrapperOptions,
  PerCall,
  PromptWrapperOptions,
  ToolResponseWrapperOptions,
  ToolWrapperOptions,
  WrapperOptions,
} from "./shield-types.js";
export { type TenantOverrides, tenantBearerAuth } from "./tenant-auth.js";
export { type VerifyPoliciesOptions, verifyPolicies } from "./verify-policies.js";
export * from "./wire/index.js";
export {
  type DegradedGuardResponse,
  normalizeGuardResponse,
  TolerantDetectorListSchema,
} from "./wire-extras.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/shield";
