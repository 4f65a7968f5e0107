import type { ParsedDetectRequest, ParsedGuardRequest } from "@highflame/shield";

/** Which Shield endpoint produced an evaluation. */
export type EvaluationEndpoint = "guard" | "stream" | "detect";

/**
 * One Shield evaluation as the Shield service saw it: handed to the observatory's recorder right after the
 * response was computed (replayed idempotent requests are not evaluations and are not reported).
 */
export interface ShieldEvaluation {
  /** The endpoint that evaluated. */
  endpoint: EvaluationEndpoint;
  /** The validated request body. */
  request: ParsedGuardRequest | ParsedDetectRequest;
  /** Claims of the verified bearer token (`sub`, `identity_type`, `name`, `delegation_depth`, `act`, …). */
  claims: { sub: string; [k: string]: unknown };
  /** Tenant the evaluation ran for (header override, else the token's). */
  accountId: string;
  /** Project the evaluation ran for. */
  projectId: string;
  /** Server-assigned request id (`x-request-id`). */
  requestId: string;
  /** The response document sent to the caller (wire shape). */
  response: Record<string, unknown>;
}

/** Receives every evaluation (a no-op when the observatory is off). */
export type EvaluationListener = (evaluation: ShieldEvaluation) => void;
