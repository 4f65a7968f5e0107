import type { Tier } from "@highflame/shield";
import { jailbreakDetector, promptInjectionDetector } from "./injection.js";
import { piiDetector } from "./pii.js";
import { secretsDetector } from "./secrets.js";
import { commandInjectionDetector, pathTraversalDetector, sqlInjectionDetector } from "./tool-abuse.js";
import type { ContentDetector } from "./types.js";

/** Descriptor of a session detector (state lives in the session store). */
export interface SessionDetectorInfo {
  name: string;
  tier: Tier;
  category: string;
  severity: "critical" | "high" | "medium" | "low";
  description: string;
}

/** Content detectors, in evaluation order. */
export const CONTENT_DETECTORS: readonly ContentDetector[] = [
  secretsDetector,
  piiDetector,
  commandInjectionDetector,
  sqlInjectionDetector,
  pathTraversalDetector,
  promptInjectionDetector,
  jailbreakDetector,
];

/** Session detectors (tier `slow`), keyed by `session_id`. */
export const SESSION_DETECTORS: readonly SessionDetectorInfo[] = [
  {
    name: "session_turn_count",
    tier: "slow",
    category: "session",
    severity: "low",
    description: "Number of turns in the session; detected at the turn threshold",
  },
  {
    name: "session_cumulative_risk",
    tier: "slow",
    category: "session",
    severity: "medium",
    description:
      "Sum of each turn's highest detector score across the session; detected at the risk threshold",
  },
  {
    name: "session_tool_loop",
    tier: "slow",
    category: "session",
    severity: "medium",
    description: "The same tool called consecutively; detected at the loop threshold",
  },
];

/** Every detector name. */
export const ALL_DETECTOR_NAMES: readonly string[] = [
  ...CONTENT_DETECTORS.map((d) => d.name),
  ...SESSION_DETECTORS.map((d) => d.name),
];

/** Severity of a detector's signals. */
export function severityOf(name: string): string {
  return (
    CONTENT_DETECTORS.find((d) => d.name === name)?.severity ??
    SESSION_DETECTORS.find((d) => d.name === name)?.severity ??
    "low"
  );
}
