import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { IDENTITY_STATUSES, IDENTITY_TYPES, SUB_TYPES, TRUST_LEVELS } from "../types.js";
import { parseWimseUri, TRUST_DOMAIN } from "../wimse.js";
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
  createIdentity,
  filterIdentities,
  identityFieldsSchema,
  identityJson,
  identityPatchSchema,
} from "./identity-model.js";
import { deactivateIdentity } from "./lifecycle.js";
import { patchIdentity } from "./patch-identity.js";

const createSchema = z.object({
  ...identityFieldsSchema,
  owner_user_id: z.string().min(1),
  capability_tier: z.enum(["low", "high"]).optional(),
  risk_tier: z.enum(["low", "high"]).optional(),
  ial: z.enum(["ial1", "ial2", "ial3"]).optional(),
});

function load(req: AdminRequest) {
  const id = req.params.id!;
  const identity = req.core.store.getInTenant(req.core.store.identities, id, req.tenant);
  if (!identity) throw notFound("identity", id);
  return identity;
}

/** Admin routes for `/identities` (spec §9.2). */
export const identityRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/identities",
    async handler(req) {
      const body = adminBody(req, createSchema);
      const identity = await createIdentity(req.core, req.tenant, body, req.userId ?? body.owner_user_id);
      sendJson(req.ctx.res, 201, identityJson(identity));
    },
  },
  {
    method: "GET",
    pattern: "/identities",
    async handler(req) {
      const { limit, offset } = adminQuery(req, z.looseObject(paginationSchema));
      const all = filterIdentities(
        req.core.store.inTenant(req.core.store.identities, req.tenant),
        queryOf(req),
      );
      sendJson(req.ctx.res, 200, {
        identities: all.slice(offset, offset + limit).map(identityJson),
        total: all.length,
        limit,
        offset,
      });
    },
  },
  {
    method: "GET",
    pattern: "/identities/schema",
    async handler(req) {
      sendJson(req.ctx.res, 200, {
        identity_types: IDENTITY_TYPES,
        sub_types: SUB_TYPES,
        trust_levels: TRUST_LEVELS,
        statuses: IDENTITY_STATUSES,
      });
    },
  },
  {
    method: "GET",
    pattern: "/identities/by-wimse",
    async handler(req) {
      const uri = req.ctx.url.searchParams.get("uri") ?? "";
      const parts = parseWimseUri(uri);
      if (!parts || parts.trust_domain !== TRUST_DOMAIN) throw badRequest("invalid_wimse_uri");
      const identity =
        parts.account_id === req.tenant.account_id && parts.project_id === req.tenant.project_id
          ? req.core.store.identityByExternalId(req.tenant, parts.external_id)
          : undefined;
      if (!identity || identity.identity_type !== parts.identity_type) throw notFound("identity", uri);
      sendJson(req.ctx.res, 200, identityJson(identity));
    },
  },
  {
    method: "GET",
    pattern: "/identities/:id",
    async handler(req) {
      sendJson(req.ctx.res, 200, identityJson(load(req)));
    },
  },
  {
    method: "PATCH",
    pattern: "/identities/:id",
    async handler(req) {
      const identity = load(req);
      await patchIdentity(req.core, identity, adminBody(req, identityPatchSchema), req.userId);
      sendJson(req.ctx.res, 200, identityJson(identity));
    },
  },
  {
    method: "DELETE",
    pattern: "/identities/:id",
    async handler(req) {
      const identity = load(req);
      if (identity.status !== "deactivated") deactivateIdentity(req.core, identity, req.userId);
      sendJson(req.ctx.res, 200, identityJson(identity));
    },
  },
];
