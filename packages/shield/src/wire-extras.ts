import { z } from "zod";
import type { GuardResponse } from "./wire/guard-response.js";
import { type DetectorListResponse, DetectorListResponseSchema } from "./wire/other-responses.js";

/** `GET /v1/detectors` as received: the `{detectors: [...]}` document or a bare array (normalised to the former). */
export const TolerantDetectorListSchema: z.ZodType<DetectorListResponse> = z.preprocess(
  (value) => (Array.isArray(value) ? { detectors: value } : value),
  DetectorListResponseSchema,
) as unknown as z.ZodType<DetectorListResponse>;

/** A response synthesised by `failMode: "open"`; never sent by the server. */
export type DegradedGuardResponse = GuardResponse & {
  decision: "allow";
  /** Always true. */
  degraded: true;
  /** Why Shield could not be reached (error class and message). */
  degraded_reason: string;
};

/** Fills `policy_reason` from `reason` when only the latter was sent (both spellings are in use). */
export function normalizeGuardResponse<T extends GuardResponse>(response: T): T {
  if (response.policy_reason === undefined && response.reason !== undefined) {
    return { ...response, policy_reason: response.reason };
  }
  return response;
}
