import { z } from "zod";
import type { RequestContext } from "../../http/context.js";
import type { ZeroIDCore } from "../core.js";
import { ProblemError } from "../errors.js";
import type { Tenant } from "../types.js";
import { bodyOf, validate } from "../validation.js";

/** One admin request after routing: tenant resolved, path params extracted. */
export interface AdminRequest {
  readonly core: ZeroIDCore;
  readonly ctx: RequestContext;
  readonly tenant: Tenant;
  readonly params: Record<string, string>;
  /** `X-User-ID` unless absent or starting with `system:`. */
  readonly userId: string | undefined;
}

/** An admin route: method, pattern with `:param` segments, handler. */
export interface AdminRoute {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  pattern: string;
  /** Routes that do not need tenant headers (dev key rotation). Default false. */
  global?: boolean;
  /** Routes authenticated by an agent bearer token instead of the admin key, tenant from the token. Default false. */
  selfAuthenticated?: boolean;
  /** Status for missing tenant headers. Default 401. */
  missingTenantStatus?: number;
  handler(req: AdminRequest): Promise<void>;
}

/** Parses and validates the JSON body of an admin request (422 naming the field on schema failure). */
export function adminBody<S extends z.ZodType>(req: AdminRequest, schema: S): z.infer<S> {
  return validate(schema, bodyOf(req.ctx, false));
}

/** Query parameters as an object; repeated keys joined with commas. */
export function queryOf(req: AdminRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(req.ctx.url.searchParams.keys())) {
    out[key] = req.ctx.url.searchParams.getAll(key).join(",");
  }
  return out;
}

/** Validates query parameters against a schema (422 with `query.<name>` locations). */
export function adminQuery<S extends z.ZodType>(req: AdminRequest, schema: S): z.infer<S> {
  return validate(schema, queryOf(req), { location: "query" });
}

/** Comma-separated filter values (empty ⇒ no filter). */
export function listFilter(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** `limit`/`offset` query schema (limit default 20, max 100). */
export const paginationSchema = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
};

/** 404 problem for an unknown resource. */
export function notFound(what: string, id: string): ProblemError {
  return new ProblemError(404, `${what} ${id} not found`);
}

/** 400 problem for a bad value or unknown reference. */
export function badRequest(detail: string): ProblemError {
  return new ProblemError(400, detail);
}

/** Optional RFC 3339 timestamp string. */
export const isoDate = z.iso.datetime({ offset: true });
