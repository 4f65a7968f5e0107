import type { RequestOptions } from "@highflame/core";
import {
  type AgentListResponse,
  AgentListResponseSchema,
  type AgentRegistered,
  AgentRegisteredSchema,
  type AgentResponse,
  AgentResponseSchema,
  type IdentityListQuery,
  type RegisterAgentParams,
  type UpdateAgentParams,
} from "../schemas/agents.js";
import { type AdminApi, seg } from "./admin-api.js";

/** Agent registry: `/agents/register` and `/agents/registry…` under the admin prefix. */
export class Agents {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /agents/register` → 201 `{identity, api_key}`. The key is shown once. */
  async register(body: RegisterAgentParams, options?: RequestOptions): Promise<AgentRegistered> {
    return this.#api.call({ method: "POST", path: "/agents/register", body, options }, AgentRegisteredSchema);
  }

  /** `GET /agents/registry/{id}`. */
  async get(id: string, options?: RequestOptions): Promise<AgentResponse> {
    return this.#api.call(
      { method: "GET", path: `/agents/registry/${seg(id)}`, options },
      AgentResponseSchema,
    );
  }

  /** `GET /agents/registry` with filters and paging. */
  async list(query?: IdentityListQuery, options?: RequestOptions): Promise<AgentListResponse> {
    return this.#api.call(
      { method: "GET", path: "/agents/registry", query, options },
      AgentListResponseSchema,
    );
  }

  /** `PATCH /agents/registry/{id}`. */
  async update(id: string, body: UpdateAgentParams, options?: RequestOptions): Promise<AgentResponse> {
    return this.#api.call(
      { method: "PATCH", path: `/agents/registry/${seg(id)}`, body, options },
      AgentResponseSchema,
    );
  }

  /** `DELETE /agents/registry/{id}` → 200 with the soft-deleted agent (its keys are revoked). */
  async delete(id: string, options?: RequestOptions): Promise<AgentResponse> {
    return this.#api.call(
      { method: "DELETE", path: `/agents/registry/${seg(id)}`, options },
      AgentResponseSchema,
    );
  }

  /**
   * `POST /agents/registry/{id}/activate`. Activation does not restore API keys revoked by deactivation:
   * call {@link rotateKey} afterwards, or use {@link reactivate}, to get a working key.
   */
  async activate(id: string, options?: RequestOptions): Promise<AgentResponse> {
    return this.#api.call(
      { method: "POST", path: `/agents/registry/${seg(id)}/activate`, options },
      AgentResponseSchema,
    );
  }

  /**
   * Re-activates an agent and gives it a working key in one call: `activate` then `rotateKey`, returning
   * `{identity, api_key}`. Use it instead of {@link activate} when the agent must authenticate again (the server
   * never restores the keys that deactivation revoked).
   */
  async reactivate(id: string, options?: RequestOptions): Promise<AgentRegistered> {
    await this.activate(id, options);
    return this.rotateKey(id, options);
  }

  /** `POST /agents/registry/{id}/deactivate`: revokes credentials (cascading) and keys, emits `retirement`. */
  async deactivate(id: string, options?: RequestOptions): Promise<AgentResponse> {
    return this.#api.call(
      { method: "POST", path: `/agents/registry/${seg(id)}/deactivate`, options },
      AgentResponseSchema,
    );
  }

  /** `POST /agents/registry/{id}/rotate-key` → `{identity, api_key}`; old keys are revoked. */
  async rotateKey(id: string, options?: RequestOptions): Promise<AgentRegistered> {
    return this.#api.call(
      { method: "POST", path: `/agents/registry/${seg(id)}/rotate-key`, options },
      AgentRegisteredSchema,
    );
  }
}
