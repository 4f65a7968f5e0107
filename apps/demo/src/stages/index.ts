import { agentStage } from "./agent.js";
import { nonBlockingStage } from "./non-blocking.js";
import { outageStage } from "./outage.js";
import { rolloutStage } from "./rollout.js";
import { setupStage } from "./setup.js";
import type { Stage } from "./types.js";
import { zeroidStage } from "./zeroid.js";

/** Every stage, in walkthrough order. */
export const STAGES: readonly Stage[] = [
  setupStage,
  agentStage,
  rolloutStage,
  nonBlockingStage,
  outageStage,
  zeroidStage,
];

export { agentStage, nonBlockingStage, outageStage, rolloutStage, setupStage, zeroidStage };
