import { type RequestOptions, RequestValidationError } from "@highflame/core";
import { SIGNAL_SEVERITIES, SIGNAL_TYPES } from "../enums.js";
import {
  type CAESignal,
  CAESignalSchema,
  type IngestSignalParams,
  type SignalListQuery,
  type SignalListResponse,
  SignalListResponseSchema,
} from "../schemas/signals.js";
import type { AdminApi } from "./admin-api.js";

/** Continuous access evaluation signals: `/signals…` under the admin prefix. */
export class Signals {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /**
   * `POST /signals/ingest` → 201 CAESignal. Only the 8 {@link SIGNAL_TYPES} and 4 {@link SIGNAL_SEVERITIES}
   * are sent; anything else is rejected locally with `RequestValidationError`. `high`/`critical` with an
   * `identity_id` revokes every active credential of that identity — visible to introspection
   * (`tokens.session`) at once, never to local verification.
   */
  async ingest(body: IngestSignalParams, options?: RequestOptions): Promise<CAESignal> {
    if (!(SIGNAL_TYPES as readonly string[]).includes(body?.signal_type)) {
      throw new RequestValidationError(`signal_type must be one of ${SIGNAL_TYPES.join(", ")}`, {
        field: "signal_type",
      });
    }
    if (body.severity !== undefined && !(SIGNAL_SEVERITIES as readonly string[]).includes(body.severity)) {
      throw new RequestValidationError(`severity must be one of ${SIGNAL_SEVERITIES.join(", ")}`, {
        field: "severity",
      });
    }
    if (typeof body.source !== "string" || body.source === "") {
      throw new RequestValidationError("source is required", { field: "source" });
    }
    return this.#api.call({ method: "POST", path: "/signals/ingest", body, options }, CAESignalSchema);
  }

  /** `GET /signals?limit=&mission_id=` → `{signals, total}`. */
  async list(query?: SignalListQuery, options?: RequestOptions): Promise<SignalListResponse> {
    return this.#api.call(
      {
        method: "GET",
        path: "/signals",
        query: query as Record<string, string | number | undefined>,
        options,
      },
      SignalListResponseSchema,
    );
  }
}
