import { z } from "zod";
import { DecisionSchema } from "./enums.js";

/** A span of the evaluated content flagged by a detector (`end` exclusive, UTF-16 offsets). */
export const SpanSchema = z.looseObject({
  start: z.number().int(),
  end: z.number().int(),
  label: z.string().optional(),
});

/** A detector span. */
export type Span = z.output<typeof SpanSchema>;

/** One detection signal (`signals[]`, sorted by severity). Known fields optional; unknown fields kept. */
export const SignalSchema = z.looseObject({
  name: z.string().optional(),
  detector: z.string().optional(),
  label: z.string().optional(),
  severity: z.string().optional(),
  score: z.number().optional(),
  tier: z.string().optional(),
  start: z.number().int().optional(),
  end: z.number().int().optional(),
});

/** A detection signal. */
export type Signal = z.output<typeof SignalSchema>;

/** A policy that produced the decision (`determining_policies[]`). */
export const DeterminingPolicySchema = z.looseObject({
  id: z.string().optional(),
  effect: z.string().optional(),
  decision: z.string().optional(),
  mode: z.string().optional(),
  reason: z.string().optional(),
  enforced: z.boolean().optional(),
});

/** A determining policy. */
export type DeterminingPolicy = z.output<typeof DeterminingPolicySchema>;

/** Why a non-allow decision was issued (`root_causes[]`, explain). */
export const RootCauseSchema = z.looseObject({
  policy_id: z.string().optional(),
  detector: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  severity: z.string().optional(),
});

/** A root cause. */
export type RootCause = z.output<typeof RootCauseSchema>;

/** One redaction applied in `modify` mode (`end_pos` exclusive). */
export const RedactionEntrySchema = z.looseObject({
  start_pos: z.number().int(),
  end_pos: z.number().int(),
  original: z.string().optional(),
  replacement: z.string(),
});

/** A redaction entry. */
export type RedactionEntry = z.output<typeof RedactionEntrySchema>;

/** Raw result of one detector (`detectors[]` with `debug`, `/v1/detect`, stream `detector_result`). */
export const DetectorResultSchema = z.looseObject({
  name: z.string(),
  tier: z.string().optional(),
  score: z.number().optional(),
  detected: z.boolean().optional(),
  spans: z.array(SpanSchema).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  latency_ms: z.number().optional(),
});

/** A detector result. */
export type DetectorResult = z.output<typeof DetectorResultSchema>;

/** `optimization` block (`optimize`/`dryrun`). */
export const OptimizationSchema = z.looseObject({
  required_detectors: z.array(z.string()).optional(),
  skipped_detectors: z.array(z.string()).optional(),
});

/** `session_delta` (debug): per-turn change of the session's cross-turn state. */
export const SessionDeltaSchema = z.looseObject({
  session_id: z.string().optional(),
  turn_count: z.number().optional(),
  cumulative_risk: z.number().optional(),
  risk_added: z.number().optional(),
  counted: z.boolean().optional(),
});

/** A session delta. */
export type SessionDelta = z.output<typeof SessionDeltaSchema>;

/**
 * `GuardResponse` (spec §7). Only `decision` is required; every other field is optional, nested items are open
 * objects and unknown fields are kept.
 */
export const GuardResponseSchema = z.looseObject({
  decision: DecisionSchema,
  actual_decision: z.string().optional(),
  mode_overridden: z.boolean().optional(),
  effective_mode: z.string().optional(),
  alerted: z.boolean().optional(),
  policy_reason: z.string().optional(),
  reason: z.string().optional(),
  audit_id: z.string().optional(),
  request_id: z.string().optional(),
  timestamp: z.string().optional(),
  latency_ms: z.number().optional(),
  eval_latency_ms: z.number().optional(),
  signals: z.array(SignalSchema).optional(),
  determining_policies: z.array(DeterminingPolicySchema).optional(),
  detectors: z.array(DetectorResultSchema).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  projected_context: z.record(z.string(), z.unknown()).optional(),
  explanation: z.unknown().optional(),
  root_causes: z.array(RootCauseSchema).optional(),
  tiers_evaluated: z.array(z.string()).optional(),
  tiers_skipped: z.array(z.string()).optional(),
  session_delta: SessionDeltaSchema.optional(),
  optimization: OptimizationSchema.optional(),
  redacted_content: z.string().optional(),
  redaction_entries: z.array(RedactionEntrySchema).optional(),
});

/** A guard response as parsed (unknown fields kept). */
export type GuardResponse = z.output<typeof GuardResponseSchema>;

/** A guard response as a server produces it. */
export type GuardResponseInput = z.input<typeof GuardResponseSchema>;
