import type { RequestOptions } from "@highflame/core";
import {
  type ApiKey,
  type ApiKeyCreated,
  ApiKeyCreatedSchema,
  type ApiKeyListQuery,
  type ApiKeyListResponse,
  ApiKeyListResponseSchema,
  ApiKeySchema,
  type CreateApiKeyParams,
  type MessageResponse,
  MessageResponseSchema,
} from "../schemas/api-keys.js";
import { type AdminApi, seg } from "./admin-api.js";

/** API keys: `/api-keys…` under the admin prefix. */
export class ApiKeys {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /api-keys` → 201 with the secret `key` (shown once). */
  async create(body: CreateApiKeyParams, options?: RequestOptions): Promise<ApiKeyCreated> {
    return this.#api.call({ method: "POST", path: "/api-keys", body, options }, ApiKeyCreatedSchema);
  }

  /** `GET /api-keys/{id}` (metadata only). */
  async get(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.#api.call({ method: "GET", path: `/api-keys/${seg(id)}`, options }, ApiKeySchema);
  }

  /** `GET /api-keys` (page-based). */
  async list(query?: ApiKeyListQuery, options?: RequestOptions): Promise<ApiKeyListResponse> {
    return this.#api.call({ method: "GET", path: "/api-keys", query, options }, ApiKeyListResponseSchema);
  }

  /** `POST /api-keys/{id}/revoke` with an optional reason. */
  async revoke(
    id: string,
    params: { reason?: string } = {},
    options?: RequestOptions,
  ): Promise<MessageResponse> {
    return this.#api.call(
      { method: "POST", path: `/api-keys/${seg(id)}/revoke`, body: params, options },
      MessageResponseSchema,
    );
  }
}
