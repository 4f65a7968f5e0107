import { z } from "zod";
import { SIGNAL_SEVERITIES, SIGNAL_TYPES, type SignalSeverity, type SignalType } from "../enums.js";
import { list, openEnum, opt } from "./common.js";

/** A continuous-access-evaluation signal. Unknown `signal_type` strings are accepted when reading. */
export const CAESignalSchema = z.looseObject({
  id: z.string(),
  account_id: opt(z.string()),
  project_id: opt(z.string()),
  identity_id: opt(z.string()),
  signal_type: openEnum(SIGNAL_TYPES),
  severity: opt(openEnum(SIGNAL_SEVERITIES)),
  source: opt(z.string()),
  payload: opt(z.unknown()),
  processed_at: opt(z.string()),
  created_at: opt(z.string()),
  mission_id: opt(z.string()),
});
/** A recorded signal. */
export type CAESignal = z.infer<typeof CAESignalSchema>;

/** `GET /signals` response. */
export const SignalListResponseSchema = z.looseObject({
  signals: list(CAESignalSchema),
  total: opt(z.number()),
});
/** Recent signals. */
export type SignalListResponse = z.infer<typeof SignalListResponseSchema>;

/** Body of `signals.ingest`. `high`/`critical` with an `identity_id` revoke that identity's credentials. */
export interface IngestSignalParams {
  /** One of the 8 {@link SIGNAL_TYPES}. Required. */
  signal_type: SignalType;
  /** Who reports it. Required. */
  source: string;
  /** Default `low`. */
  severity?: SignalSeverity;
  identity_id?: string;
  payload?: Record<string, unknown>;
}

/** Name of {@link IngestSignalParams} in the published `@highflame/sdk` 0.3 API. */
export type CreateSignalRequest = IngestSignalParams;

/** Query of `signals.list`. */
export interface SignalListQuery {
  /** 1..500, server default 50. */
  limit?: number;
  mission_id?: string;
}
