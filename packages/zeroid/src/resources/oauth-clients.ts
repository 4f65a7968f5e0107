import type { RequestOptions } from "@highflame/core";
import {
  type CreateOAuthClientParams,
  type OAuthClient,
  type OAuthClientCreated,
  OAuthClientCreatedSchema,
  type OAuthClientDeleted,
  OAuthClientDeletedSchema,
  type OAuthClientListResponse,
  OAuthClientListResponseSchema,
  OAuthClientSchema,
} from "../schemas/oauth-clients.js";
import { type AdminApi, seg } from "./admin-api.js";

/** OAuth clients: `/oauth/clients…` under the admin prefix. `id` is the UUID, not `client_id`. */
export class OAuthClients {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /oauth/clients` → 201 `{client, client_secret, note}` (secret shown once). */
  async create(body: CreateOAuthClientParams, options?: RequestOptions): Promise<OAuthClientCreated> {
    return this.#api.call(
      { method: "POST", path: "/oauth/clients", body, options },
      OAuthClientCreatedSchema,
    );
  }

  /** `GET /oauth/clients/{id}`. */
  async get(id: string, options?: RequestOptions): Promise<OAuthClient> {
    return this.#api.call({ method: "GET", path: `/oauth/clients/${seg(id)}`, options }, OAuthClientSchema);
  }

  /** `GET /oauth/clients`. */
  async list(options?: RequestOptions): Promise<OAuthClientListResponse> {
    return this.#api.call({ method: "GET", path: "/oauth/clients", options }, OAuthClientListResponseSchema);
  }

  /** `DELETE /oauth/clients/{id}` → 200 `{deleted: true, id}`. */
  async delete(id: string, options?: RequestOptions): Promise<OAuthClientDeleted> {
    return this.#api.call(
      { method: "DELETE", path: `/oauth/clients/${seg(id)}`, options },
      OAuthClientDeletedSchema,
    );
  }

  /** `POST /oauth/clients/{id}/rotate-secret` → the client with its new secret. */
  async rotateSecret(id: string, options?: RequestOptions): Promise<OAuthClientCreated> {
    return this.#api.call(
      { method: "POST", path: `/oauth/clients/${seg(id)}/rotate-secret`, options },
      OAuthClientCreatedSchema,
    );
  }
}
