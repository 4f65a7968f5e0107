/**
 * The rollout walkthrough of the Highflame SDK (private app). `dist/main.js` is the command; these exports let
 * tests run the stages in-process.
 *
 * @packageDocumentation
 */

export { type AgentResult, DemoAgent, type GuardPoint } from "./agent/agent.js";
export { type MainOptions, main } from "./cli.js";
export {
  type DemoEnvironment,
  type LogEntry,
  type OpenEnvironmentOptions,
  openEnvironment,
} from "./environment.js";
export {
  type DemoExpectations,
  defaultExpectations,
  type ExpectationOverrides,
  resolveExpectations,
} from "./expectations.js";
export { Reporter, type StageOutcome } from "./report/reporter.js";
export { shouldColor } from "./report/style.js";
export { type DemoResult, type RunDemoOptions, runDemo } from "./run-demo.js";
export { STAGES } from "./stages/index.js";
export type { Check, Stage, StageContext } from "./stages/types.js";
export { type TrafficItem, trafficMix } from "./traffic-mix.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/demo";
