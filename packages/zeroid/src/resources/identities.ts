import { type RequestOptions, RequestValidationError } from "@highflame/core";
import {
  type CreateIdentityParams,
  type Identity,
  type IdentityListQuery,
  type IdentityListResponse,
  IdentityListResponseSchema,
  IdentitySchema,
  type UpdateIdentityParams,
} from "../schemas/agents.js";
import { type AdminApi, seg } from "./admin-api.js";

/** Identities: `/identities…` under the admin prefix. */
export class Identities {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /identities` → 201 Identity (409 on a duplicate `external_id`). */
  async create(body: CreateIdentityParams, options?: RequestOptions): Promise<Identity> {
    return this.#api.call({ method: "POST", path: "/identities", body, options }, IdentitySchema);
  }

  /** `GET /identities/{id}`. */
  async get(id: string, options?: RequestOptions): Promise<Identity> {
    return this.#api.call({ method: "GET", path: `/identities/${seg(id)}`, options }, IdentitySchema);
  }

  /** `GET /identities/by-wimse?uri=…`. */
  async getByWimse(uri: string, options?: RequestOptions): Promise<Identity> {
    if (typeof uri !== "string" || !uri.startsWith("spiffe://")) {
      throw new RequestValidationError("uri must be a spiffe:// WIMSE URI", { field: "uri" });
    }
    return this.#api.call(
      { method: "GET", path: "/identities/by-wimse", query: { uri }, options },
      IdentitySchema,
    );
  }

  /** `GET /identities` with filters and paging. */
  async list(query?: IdentityListQuery, options?: RequestOptions): Promise<IdentityListResponse> {
    return this.#api.call({ method: "GET", path: "/identities", query, options }, IdentityListResponseSchema);
  }

  /** `PATCH /identities/{id}`. */
  async update(id: string, body: UpdateIdentityParams, options?: RequestOptions): Promise<Identity> {
    return this.#api.call({ method: "PATCH", path: `/identities/${seg(id)}`, body, options }, IdentitySchema);
  }

  /** `DELETE /identities/{id}` → 200 with the deactivated identity. */
  async delete(id: string, options?: RequestOptions): Promise<Identity> {
    return this.#api.call({ method: "DELETE", path: `/identities/${seg(id)}`, options }, IdentitySchema);
  }
}
