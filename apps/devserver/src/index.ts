/**
 * The local Highflame dev server: ZeroID and Shield on one loopback port.
 *
 * @packageDocumentation
 */

export {
  createFaultController,
  type FaultAction,
  type FaultConfig,
  type FaultController,
} from "./faults/index.js";
export type { RequestContext, RouteHandler } from "./http/context.js";
export {
  type EvaluationEndpoint,
  type EvaluationListener,
  type EventDetector,
  type EventIdentity,
  type EventOutcome,
  type EventPolicy,
  type EventRootCause,
  type Observatory,
  type ObservatoryEvent,
  ObservatoryFileError,
  type ObservatoryOptions,
  type ShieldEvaluation,
} from "./observatory/index.js";
export { type DevServer, type DevServerOptions, startDevServer } from "./server.js";
export {
  createShieldService,
  DEFAULT_POLICIES,
  DEFAULT_SESSION_THRESHOLDS,
  type LoadedPolicy,
  PolicyLoadError,
  type SessionThresholds,
  type ShieldService,
  type ShieldServiceOptions,
  type ShieldTokenClaims,
  type SseVocabulary,
} from "./shield/index.js";
export { StateFileError } from "./state/index.js";
export { applyV8Workaround, V8_WORKAROUND_FLAG } from "./v8-workaround.js";
export type { AccessTokenClaims, ZeroIDService } from "./zeroid/index.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/devserver";
