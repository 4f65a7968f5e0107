export { DEFAULT_POLICIES } from "./default-policies.js";
export { type LoadedPolicy, PolicyLoadError } from "./policy-engine.js";
export {
  createShieldService,
  type ShieldService,
  type ShieldServiceOptions,
  type ShieldTokenClaims,
} from "./service.js";
export { DEFAULT_SESSION_THRESHOLDS, type SessionThresholds } from "./session-store.js";
export type { SseVocabulary } from "./sse.js";
