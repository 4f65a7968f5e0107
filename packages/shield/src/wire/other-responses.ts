import { z } from "zod";
import { DetectorResultSchema, GuardResponseSchema, SignalSchema } from "./guard-response.js";

/** `POST /v1/detect` response: detector results and signals, no decision. */
export const DetectResponseSchema = z.looseObject({
  request_id: z.string().optional(),
  timestamp: z.string().optional(),
  latency_ms: z.number().optional(),
  detectors: z.array(DetectorResultSchema).optional(),
  signals: z.array(SignalSchema).optional(),
  tiers_evaluated: z.array(z.string()).optional(),
});

/** A detect response. */
export type DetectResponse = z.output<typeof DetectResponseSchema>;

/** One entry of `GET /v1/detectors`. */
export const DetectorInfoSchema = z.looseObject({
  name: z.string(),
  status: z.string().optional(),
  tier: z.string().optional(),
  description: z.string().optional(),
  category: z.string().optional(),
});

/** A detector descriptor. */
export type DetectorInfo = z.output<typeof DetectorInfoSchema>;

/** `GET /v1/detectors` response. */
export const DetectorListResponseSchema = z.looseObject({
  detectors: z.array(DetectorInfoSchema),
});

/** A detector list. */
export type DetectorListResponse = z.output<typeof DetectorListResponseSchema>;

/** One loaded Cedar policy in `GET /v1/debug/policies`. */
export const PolicyInfoSchema = z.looseObject({
  id: z.string(),
  effect: z.string().optional(),
  mode: z.string().optional(),
  decision: z.string().optional(),
  reason: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  detectors: z.array(z.string()).optional(),
  text: z.string().optional(),
});

/** A policy descriptor. */
export type PolicyInfo = z.output<typeof PolicyInfoSchema>;

/** `GET /v1/debug/policies?product=` response. */
export const DebugPoliciesResponseSchema = z.looseObject({
  product: z.string().optional(),
  policies: z.array(PolicyInfoSchema),
  count: z.number().int().optional(),
});

/** A debug-policies response. */
export type DebugPoliciesResponse = z.output<typeof DebugPoliciesResponseSchema>;

/** `GET /v1/health` response. */
export const HealthResponseSchema = z.looseObject({
  status: z.string(),
  service: z.string().optional(),
  timestamp: z.string().optional(),
  uptime_ms: z.number().optional(),
});

/** A health document. */
export type HealthResponse = z.output<typeof HealthResponseSchema>;

/** SSE `detector_result` (docs vocabulary) / `detection` (Rust vocabulary) payload: one detector result. */
export const StreamDetectorResultEventSchema = DetectorResultSchema;

/** A streamed detector result. */
export type StreamDetectorResultEvent = z.output<typeof StreamDetectorResultEventSchema>;

/** SSE `decision` payload: a `GuardResponse`-like document. */
export const StreamDecisionEventSchema = GuardResponseSchema;

/** A streamed decision. */
export type StreamDecisionEvent = z.output<typeof StreamDecisionEventSchema>;

/** SSE `error` payload: problem-details-like, every field optional. */
export const StreamErrorEventSchema = z.looseObject({
  status: z.number().int().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  message: z.string().optional(),
});

/** A streamed error. */
export type StreamErrorEvent = z.output<typeof StreamErrorEventSchema>;

/** SSE event names of both vocabularies (spec §9). */
export const STREAM_EVENT_NAMES = ["detector_result", "detection", "decision", "error", "done"] as const;

/** An SSE event name. */
export type StreamEventName = (typeof STREAM_EVENT_NAMES)[number];

/** Shield problem document (spec §11): `status`, `title`, `detail`; `type`/`instance`/`errors` optional. */
export const ProblemDetailsSchema = z.looseObject({
  status: z.number().int().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  instance: z.string().optional(),
});

/** A problem document. */
export type ProblemDetails = z.output<typeof ProblemDetailsSchema>;
