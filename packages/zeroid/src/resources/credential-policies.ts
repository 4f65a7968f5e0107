import type { RequestOptions } from "@highflame/core";
import {
  type CreateCredentialPolicyParams,
  type CredentialPolicy,
  type CredentialPolicyListResponse,
  CredentialPolicyListResponseSchema,
  CredentialPolicySchema,
  type UpdateCredentialPolicyParams,
} from "../schemas/credential-policies.js";
import { type AdminApi, seg } from "./admin-api.js";

/** Credential policies: `/credential-policies…` under the admin prefix. */
export class CredentialPolicies {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /credential-policies` → 201. */
  async create(body: CreateCredentialPolicyParams, options?: RequestOptions): Promise<CredentialPolicy> {
    return this.#api.call(
      { method: "POST", path: "/credential-policies", body, options },
      CredentialPolicySchema,
    );
  }

  /** `GET /credential-policies/{id}`. */
  async get(id: string, options?: RequestOptions): Promise<CredentialPolicy> {
    return this.#api.call(
      { method: "GET", path: `/credential-policies/${seg(id)}`, options },
      CredentialPolicySchema,
    );
  }

  /** `GET /credential-policies`. */
  async list(options?: RequestOptions): Promise<CredentialPolicyListResponse> {
    return this.#api.call(
      { method: "GET", path: "/credential-policies", options },
      CredentialPolicyListResponseSchema,
    );
  }

  /** `PATCH /credential-policies/{id}`. */
  async update(
    id: string,
    body: UpdateCredentialPolicyParams,
    options?: RequestOptions,
  ): Promise<CredentialPolicy> {
    return this.#api.call(
      { method: "PATCH", path: `/credential-policies/${seg(id)}`, body, options },
      CredentialPolicySchema,
    );
  }

  /** `DELETE /credential-policies/{id}` → 204 (no body). */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.#api.call({ method: "DELETE", path: `/credential-policies/${seg(id)}`, options });
  }
}
