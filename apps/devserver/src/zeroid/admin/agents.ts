import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { ProblemError } from "../errors.js";
import { isoAt } from "../util.js";
import { createApiKey } from "./api-key-model.js";
import {
  type AdminRequest,
  type AdminRoute,
  adminBody,
  adminQuery,
  badRequest,
  notFound,
  paginationSchema,
  queryOf,
} from "./common.js";
import {
  agentJson,
  createIdentity,
  filterIdentities,
  identityFieldsSchema,
  identityPatchSchema,
} from "./identity-model.js";
import { deactivateIdentity } from "./lifecycle.js";
import { patchIdentity } from "./patch-identity.js";

const registerSchema = z.object({
  ...identityFieldsSchema,
  name: z.string().min(1).max(255),
  created_by: z.string().optional(),
  api_key_credential_policy_id: z.string().optional(),
});

function load(req: AdminRequest) {
  const id = req.params.id!;
  const identity = req.core.store.getInTenant(req.core.store.identities, id, req.tenant);
  if (!identity) throw notFound("agent", id);
  return identity;
}

function issueAgentKey(req: AdminRequest, identity: ReturnType<typeof load>): string {
  return createApiKey(req.core, req.tenant, {
    name: `${identity.external_id} bootstrap key`,
    identity_id: identity.id,
    credential_policy_id: identity.api_key_credential_policy_id,
    scopes: identity.allowed_scopes,
    created_by: identity.owner_user_id ?? identity.created_by,
  }).key;
}

/** Admin routes for `/agents/register` and `/agents/registry…` (spec §9.1). */
export const agentRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/agents/register",
    async handler(req) {
      const body = adminBody(req, registerSchema);
      const owner = body.created_by || req.userId;
      if (!owner)
        throw new ProblemError(500, "failed to register agent: created_by or X-User-ID is required");
      const identity = await createIdentity(req.core, req.tenant, { ...body, owner_user_id: owner }, owner);
      const apiKey = issueAgentKey(req, identity);
      sendJson(req.ctx.res, 201, { identity: agentJson(req.core, identity), api_key: apiKey });
    },
  },
  {
    method: "GET",
    pattern: "/agents/registry",
    async handler(req) {
      const { limit, offset } = adminQuery(req, z.looseObject(paginationSchema));
      const all = filterIdentities(
        req.core.store.inTenant(req.core.store.identities, req.tenant),
        queryOf(req),
      );
      sendJson(req.ctx.res, 200, {
        agents: all.slice(offset, offset + limit).map((i) => agentJson(req.core, i)),
        total: all.length,
        limit,
        offset,
      });
    },
  },
  {
    method: "GET",
    pattern: "/agents/registry/facets",
    async handler(req) {
      const all = req.core.store.inTenant(req.core.store.identities, req.tenant);
      const count = (field: "identity_type" | "trust_level" | "status" | "sub_type") => {
        const out: Record<string, number> = {};
        for (const i of all) out[i[field]] = (out[i[field]] ?? 0) + 1;
        return out;
      };
      sendJson(req.ctx.res, 200, {
        identity_type: count("identity_type"),
        sub_type: count("sub_type"),
        trust_level: count("trust_level"),
        status: count("status"),
        total: all.length,
      });
    },
  },
  {
    method: "GET",
    pattern: "/agents/registry/:id",
    async handler(req) {
      sendJson(req.ctx.res, 200, agentJson(req.core, load(req)));
    },
  },
  {
    method: "PATCH",
    pattern: "/agents/registry/:id",
    async handler(req) {
      const identity = load(req);
      await patchIdentity(req.core, identity, adminBody(req, identityPatchSchema), req.userId);
      sendJson(req.ctx.res, 200, agentJson(req.core, identity));
    },
  },
  {
    method: "DELETE",
    pattern: "/agents/registry/:id",
    async handler(req) {
      const identity = load(req);
      if (identity.status !== "deactivated") deactivateIdentity(req.core, identity, req.userId);
      sendJson(req.ctx.res, 200, agentJson(req.core, identity));
    },
  },
  {
    method: "POST",
    pattern: "/agents/registry/:id/deactivate",
    async handler(req) {
      const identity = load(req);
      if (identity.status !== "deactivated") deactivateIdentity(req.core, identity, req.userId);
      sendJson(req.ctx.res, 200, agentJson(req.core, identity));
    },
  },
  {
    method: "POST",
    pattern: "/agents/registry/:id/activate",
    async handler(req) {
      const identity = load(req);
      identity.status = "active";
      identity.updated_at = isoAt(req.core.now());
      req.core.changed();
      sendJson(req.ctx.res, 200, agentJson(req.core, identity));
    },
  },
  {
    method: "POST",
    pattern: "/agents/registry/:id/rotate-key",
    async handler(req) {
      const identity = load(req);
      if (identity.status !== "active") throw badRequest("agent must be active to rotate its key");
      req.core.store.revokeIdentityKeys(identity.id, "key rotated");
      const apiKey = issueAgentKey(req, identity);
      sendJson(req.ctx.res, 200, { identity: agentJson(req.core, identity), api_key: apiKey });
    },
  },
];
