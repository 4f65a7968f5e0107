import { z } from "zod";

/** The five documented Shield decisions, in the order the spec lists them. */
export const DECISIONS = ["allow", "modify", "deny", "step_up", "defer"] as const;

/** A documented Shield decision. */
export type KnownDecision = (typeof DECISIONS)[number];

/**
 * A decision as received: one of the five documented values, or any future string (treat unknown values as
 * not allowed — fail closed).
 */
export type Decision = KnownDecision | (string & {});

/** Schema of a known decision (strict enum). */
export const KnownDecisionSchema = z.enum(DECISIONS);

/** Schema of a received decision: the five known values plus a string fallback for forward compatibility. */
export const DecisionSchema: z.ZodType<Decision> = z.union([KnownDecisionSchema, z.string()]);

/** Enforcement modes accepted in `GuardRequest.mode` (`enforce` is the server default). */
export const MODES = ["enforce", "monitor", "alert", "modify"] as const;

/** An enforcement mode. */
export type Mode = (typeof MODES)[number];

/** Schema of {@link Mode}. */
export const ModeSchema = z.enum(MODES);

/** Values of `GuardRequest.content_type`. */
export const CONTENT_TYPES = ["prompt", "response", "tool_call", "file"] as const;

/** A content type. */
export type ContentType = (typeof CONTENT_TYPES)[number];

/** Schema of {@link ContentType}. */
export const ContentTypeSchema = z.enum(CONTENT_TYPES);

/** Cedar actions accepted in `GuardRequest.action`. */
export const ACTIONS = ["process_prompt", "call_tool", "read_file", "write_file", "connect_server"] as const;

/** A Cedar action. */
export type Action = (typeof ACTIONS)[number];

/** Schema of {@link Action}. */
export const ActionSchema = z.enum(ACTIONS);

/** Detector tiers, in evaluation order. */
export const TIERS = ["fast", "standard", "slow"] as const;

/** A detector tier. */
export type Tier = (typeof TIERS)[number];

/** Signal severities, most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

/** A signal severity (unknown strings are kept when parsing responses). */
export type Severity = (typeof SEVERITIES)[number];
