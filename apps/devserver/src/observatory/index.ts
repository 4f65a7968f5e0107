export type { EvaluationEndpoint, EvaluationListener, ShieldEvaluation } from "./evaluation.js";
export type {
  EventDetector,
  EventIdentity,
  EventOutcome,
  EventPolicy,
  EventRootCause,
  ObservatoryEvent,
} from "./event.js";
export {
  DEFAULT_CONTENT_MAX_CHARS,
  type Observatory,
  type ObservatoryOptions,
  startObservatory,
} from "./observatory.js";
export { ObservatoryFileError, observatoryFileFor } from "./persistence.js";
