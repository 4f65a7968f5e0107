import {
  ConfigurationError,
  type HttpClient,
  type HttpMethod,
  pathSegment,
  type QueryParams,
  type RequestOptions,
} from "@highflame/core";
import type { z } from "zod";
import { mapErrors } from "../errors/api-errors.js";

/** Tenant and routing settings of admin calls. @internal */
export interface AdminSettings {
  /** Client with the bearer auth provider (when configured). */
  http: HttpClient;
  /** Admin path prefix, normalised (`""` or `/api/v1`). */
  prefix: string;
  accountId: string | undefined;
  projectId: string | undefined;
  userId: string | undefined;
  /** Where to set the tenant, for the missing-tenant message. Default: the ZeroIDClient options. */
  tenantHelp?: string | undefined;
}

/** One admin request. @internal */
export interface AdminCall {
  method: HttpMethod;
  /** Path below the admin prefix, ids already encoded with {@link seg}. */
  path: string;
  query?: QueryParams | undefined;
  body?: unknown;
  options?: RequestOptions | undefined;
}

/** Encodes a caller-supplied id as one path segment. @internal */
export const seg = (value: string, field = "id"): string => pathSegment(value, field);

/**
 * Sends admin API requests: prefix, `X-Account-ID`/`X-Project-ID` (required: a missing tenant throws
 * `ConfigurationError` before any request), optional `X-User-ID`, bearer auth, ZeroID error mapping.
 * @internal
 */
export class AdminApi {
  readonly #settings: AdminSettings;

  constructor(settings: AdminSettings) {
    this.#settings = settings;
  }

  /** Sends a call and parses the body with `schema` (no schema: the body, or `undefined` for 204). */
  async call<T>(call: AdminCall, schema?: z.ZodType<T>): Promise<T> {
    const tenant = this.tenantHeaders();
    const { http, prefix } = this.#settings;
    return mapErrors(() =>
      http.request(
        {
          ...call.options,
          method: call.method,
          path: `${prefix}${call.path}`,
          query: call.query,
          body: call.body === undefined && call.method !== "GET" && call.method !== "DELETE" ? {} : call.body,
          headers: { ...tenant, ...call.options?.headers },
        },
        schema,
      ),
    ) as Promise<T>;
  }

  /** Tenant headers of every admin call. Throws `ConfigurationError` naming the missing option. */
  tenantHeaders(): Record<string, string> {
    const { accountId, projectId, userId } = this.#settings;
    const missing = [accountId ? undefined : "accountId", projectId ? undefined : "projectId"].filter(
      (x): x is string => x !== undefined,
    );
    if (missing.length > 0) {
      const where = this.#settings.tenantHelp ?? `set ${missing.join(" and ")} on the ZeroIDClient`;
      throw new ConfigurationError(
        `Admin calls need a tenant (${missing.join(" and ")} missing): ${where} ` +
          "(sent as X-Account-ID / X-Project-ID; the SDK never invents one)",
        { option: missing[0]! },
      );
    }
    return {
      "x-account-id": accountId!,
      "x-project-id": projectId!,
      ...(userId ? { "x-user-id": userId } : {}),
    };
  }
}
