import { type RequestOptions, RequestValidationError } from "@highflame/core";
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

function credentialQuery(value: string | CredentialListQuery): CredentialListQuery {
  if (typeof value === "string") {
    if (value.trim() === "") {
      throw new RequestValidationError("credentials.list needs an identity id or a query object", {
        field: "identity_id",
      });
    }
    return { identity_id: value };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new RequestValidationError(
      "credentials.list takes an identity id string or { identity_id } / { mission_id }",
      { field: "identity_id" },
    );
  }
  return value;
}

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

  /**
   * `GET /credentials?identity_id=…` or `?mission_id=…`. A string is an identity id:
   * `list("agt_1")` is `list({ identity_id: "agt_1" })`.
   */
  async list(
    identityIdOrQuery: string | CredentialListQuery,
    options?: RequestOptions,
  ): Promise<CredentialListResponse> {
    const query = credentialQuery(identityIdOrQuery);
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
