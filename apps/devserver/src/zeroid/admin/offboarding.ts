import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { isoAt } from "../util.js";
import { type AdminRoute, adminBody, notFound } from "./common.js";
import { identityJson } from "./identity-model.js";
import { deactivateIdentity, recordSignal } from "./lifecycle.js";

/** `POST /identities/{id}/expire` and `POST /identities/offboard-by-owner` (spec §9.2). */
export const offboardingRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/identities/offboard-by-owner",
    async handler(req) {
      const body = adminBody(
        req,
        z.object({ owner_user_id: z.string().min(1), reason: z.string().optional() }),
      );
      let identities = 0;
      let credentials = 0;
      for (const identity of req.core.store.inTenant(req.core.store.identities, req.tenant)) {
        if (identity.owner_user_id !== body.owner_user_id || identity.status === "deactivated") continue;
        const before = [...req.core.store.credentials.values()].filter((c) => c.is_revoked).length;
        deactivateIdentity(req.core, identity, req.userId);
        credentials += [...req.core.store.credentials.values()].filter((c) => c.is_revoked).length - before;
        identities++;
      }
      sendJson(req.ctx.res, 200, { identities_deactivated: identities, credentials_revoked: credentials });
    },
  },
  {
    method: "POST",
    pattern: "/identities/:id/expire",
    async handler(req) {
      const id = req.params.id!;
      const identity = req.core.store.getInTenant(req.core.store.identities, id, req.tenant);
      if (!identity) throw notFound("identity", id);
      identity.status = "expired";
      identity.updated_at = isoAt(req.core.now());
      req.core.store.revokeIdentityCredentials(identity.id, "identity expired");
      recordSignal(req.core, identity, {
        signal_type: "identity_expired",
        severity: "low",
        source: "zeroid",
        identity_id: identity.id,
      });
      sendJson(req.ctx.res, 200, identityJson(identity));
    },
  },
];
