import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { isoAt } from "../util.js";
import { apiKeyJson, apiKeyState, createApiKey } from "./api-key-model.js";
import { type AdminRequest, type AdminRoute, adminBody, adminQuery, badRequest, notFound } from "./common.js";

const createSchema = z.object({
  name: z.string().min(1).max(255),
  description: z.string().optional(),
  identity_id: z.string().optional(),
  credential_policy_id: z.string().optional(),
  product: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  environment: z.enum(["live", "test"]).optional(),
  expires_in_days: z.number().int().min(1).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const listSchema = z.looseObject({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  state: z.enum(["active", "revoked", "expired"]).optional(),
});

function load(req: AdminRequest) {
  const id = req.params.id!;
  const key = req.core.store.getInTenant(req.core.store.apiKeys, id, req.tenant);
  if (!key) throw notFound("api key", id);
  return key;
}

/** Admin routes for `/api-keys` (spec §9.3). */
export const apiKeyRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/api-keys",
    async handler(req) {
      const body = adminBody(req, createSchema);
      const { core, tenant } = req;
      const identity = body.identity_id
        ? core.store.getInTenant(core.store.identities, body.identity_id, tenant)
        : undefined;
      if (body.identity_id && !identity) throw badRequest(`identity_id ${body.identity_id} does not exist`);
      if (body.credential_policy_id) {
        const policy = core.store.getInTenant(core.store.policies, body.credential_policy_id, tenant);
        if (!policy) throw badRequest(`credential_policy_id ${body.credential_policy_id} does not exist`);
        const outer = core.store.policyForIdentity(identity, tenant);
        const outerScopes = outer.allowed_scopes ?? [];
        const within =
          policy.max_ttl_seconds <= outer.max_ttl_seconds &&
          policy.allowed_grant_types.every((g) => outer.allowed_grant_types.includes(g)) &&
          (outerScopes.length === 0 ||
            ((policy.allowed_scopes?.length ?? 0) > 0 &&
              policy.allowed_scopes!.every((s) => outerScopes.includes(s))));
        if (!within) throw badRequest("credential_policy_id must be within the identity's credential policy");
      }
      const { record, key } = createApiKey(core, tenant, { ...body, created_by: req.userId ?? "system" });
      sendJson(req.ctx.res, 201, {
        id: record.id,
        name: record.name,
        description: record.description,
        key,
        key_prefix: record.key_prefix,
        environment: record.environment,
        scopes: record.scopes,
        ...(record.expires_at ? { expires_at: record.expires_at } : {}),
        created_at: record.created_at,
      });
    },
  },
  {
    method: "GET",
    pattern: "/api-keys",
    async handler(req) {
      const q = adminQuery(req, listSchema);
      const all = req.core.store
        .inTenant(req.core.store.apiKeys, req.tenant)
        .filter((k) => !q.state || apiKeyState(req.core, k) === q.state)
        .filter((k) => typeof q.product !== "string" || k.product === q.product);
      const start = (q.page - 1) * q.limit;
      sendJson(req.ctx.res, 200, {
        keys: all.slice(start, start + q.limit).map((k) => apiKeyJson(req.core, k)),
        total: all.length,
        page: q.page,
        limit: q.limit,
      });
    },
  },
  {
    method: "GET",
    pattern: "/api-keys/:id",
    async handler(req) {
      sendJson(req.ctx.res, 200, apiKeyJson(req.core, load(req)));
    },
  },
  {
    method: "POST",
    pattern: "/api-keys/:id/revoke",
    async handler(req) {
      const key = load(req);
      const body = adminBody(req, z.object({ reason: z.string().optional() }));
      if (!key.revoked_at) {
        key.revoked_at = isoAt(req.core.now());
        key.revoke_reason = body.reason ?? "revoked";
        req.core.changed();
      }
      sendJson(req.ctx.res, 200, { message: "API key revoked" });
    },
  },
];
