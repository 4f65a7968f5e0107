import type { RequestOptions } from "@highflame/core";
import {
  type CredentialIssued,
  CredentialIssuedSchema,
  type CredentialListQuery,
  type CredentialListResponse,
  CredentialListResponseSchema,
  type CredentialRevoked,
  CredentialRevokedSchema,
  type IssueCredentialParams,
  type IssuedCredential,
  IssuedCredentialSchema,
} from "../schemas/credentials.js";
import { type AdminApi, seg } from "./admin-api.js";

/** Issued-token records: `/credentials…` under the admin prefix. */
export class Credentials {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /credentials/issue` → 201 `{token, credential}`. */
  async issue(body: IssueCredentialParams, options?: RequestOptions): Promise<CredentialIssued> {
    return this.#api.call(
      { method: "POST", path: "/credentials/issue", body, options },
      CredentialIssuedSchema,
    );
  }

  /** `GET /credentials/{id}`. */
  async get(id: string, options?: RequestOptions): Promise<IssuedCredential> {
    return this.#api.call(
      { method: "GET", path: `/credentials/${seg(id)}`, options },
      IssuedCredentialSchema,
    );
  }

  /** `GET /credentials?identity_id=…` or `?mission_id=…`. */
  async list(query: CredentialListQuery, options?: RequestOptions): Promise<CredentialListResponse> {
    return this.#api.call(
      { method: "GET", path: "/credentials", query, options },
      CredentialListResponseSchema,
    );
  }

  /** `POST /credentials/{id}/revoke` → `{revoked: true, id}` (404 if missing, already revoked or expired). */
  async revoke(
    id: string,
    params: { reason?: string } = {},
    options?: RequestOptions,
  ): Promise<CredentialRevoked> {
    return this.#api.call(
      { method: "POST", path: `/credentials/${seg(id)}/revoke`, body: params, options },
      CredentialRevokedSchema,
    );
  }

  /** `POST /credentials/{id}/rotate` → 201 `{token, credential}` (409 if revoked or expired). */
  async rotate(id: string, options?: RequestOptions): Promise<CredentialIssued> {
    return this.#api.call(
      { method: "POST", path: `/credentials/${seg(id)}/rotate`, options },
      CredentialIssuedSchema,
    );
  }
}
