import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import type { ZeroIDCore } from "../core.js";
import { ProblemError } from "../errors.js";
import { assertIdentityUsable, enforcePolicy, resolveTtl } from "../policy.js";
import { type MintResult, mintToken } from "../tokens.js";
import { GRANT_SHORT_NAMES, type Identity, type IssuedCredential, type Tenant } from "../types.js";
import { wimseUri } from "../wimse.js";
import { type AdminRequest, type AdminRoute, adminBody, notFound } from "./common.js";

const issueSchema = z.object({
  identity_id: z.string().min(1),
  scopes: z.array(z.string()).optional(),
  ttl_seconds: z.number().int().min(1).optional(),
  grant_type: z.enum(GRANT_SHORT_NAMES).optional(),
  audience: z.string().optional(),
});

/** Mints a credential for an identity directly (admin issue / rotate), enforcing its credential policy. */
async function issueFor(
  core: ZeroIDCore,
  tenant: Tenant,
  identity: Identity,
  opts: { scopes: string[]; ttl?: number; grantType: string },
): Promise<MintResult> {
  assertIdentityUsable(core, identity);
  const ttl = resolveTtl(core, { requested: opts.ttl, identity });
  enforcePolicy(core, core.store.policyForIdentity(identity, tenant), {
    grantType: opts.grantType,
    ttlSeconds: ttl,
    scopes: opts.scopes,
    trustLevel: identity.trust_level,
  });
  return mintToken(core, {
    tenant,
    identity,
    subject: wimseUri(tenant, identity.identity_type, identity.external_id),
    grantType: opts.grantType,
    alg: opts.grantType === "api_key" ? "RS256" : "ES256",
    scopes: opts.scopes,
    ttlSeconds: ttl,
  });
}

function isExpired(core: ZeroIDCore, cred: IssuedCredential): boolean {
  return Date.parse(cred.expires_at) <= core.now();
}

function load(req: AdminRequest): IssuedCredential {
  const id = req.params.id!;
  const cred = req.core.store.getInTenant(req.core.store.credentials, id, req.tenant);
  if (!cred) throw notFound("credential", id);
  return cred;
}

/** Admin routes for `/credentials` (spec §9.6). */
export const credentialRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/credentials/issue",
    async handler(req) {
      const body = adminBody(req, issueSchema);
      const identity = req.core.store.getInTenant(req.core.store.identities, body.identity_id, req.tenant);
      if (!identity) throw notFound("identity", body.identity_id);
      const minted = await issueFor(req.core, req.tenant, identity, {
        scopes: body.scopes ?? identity.allowed_scopes,
        ttl: body.ttl_seconds,
        grantType: body.grant_type ?? "client_credentials",
      });
      sendJson(req.ctx.res, 201, { token: minted.response, credential: minted.credential });
    },
  },
  {
    method: "GET",
    pattern: "/credentials",
    async handler(req) {
      const identityId = req.ctx.url.searchParams.get("identity_id");
      const missionId = req.ctx.url.searchParams.get("mission_id");
      const list = req.core.store
        .inTenant(req.core.store.credentials, req.tenant)
        .filter((c) => !identityId || c.identity_id === identityId)
        .filter((c) => !missionId || c.mission_id === missionId);
      sendJson(req.ctx.res, 200, { credentials: list, total: list.length });
    },
  },
  {
    method: "GET",
    pattern: "/credentials/:id",
    async handler(req) {
      sendJson(req.ctx.res, 200, load(req));
    },
  },
  {
    method: "POST",
    pattern: "/credentials/:id/revoke",
    async handler(req) {
      const cred = load(req);
      const body = adminBody(req, z.object({ reason: z.string().optional() }));
      if (cred.is_revoked || isExpired(req.core, cred)) throw notFound("active credential", cred.id);
      req.core.store.revokeCascade(cred.jti, body.reason ?? "revoked by admin");
      req.core.changed();
      sendJson(req.ctx.res, 200, { revoked: true, id: cred.id });
    },
  },
  {
    method: "POST",
    pattern: "/credentials/:id/rotate",
    async handler(req) {
      const cred = load(req);
      if (cred.is_revoked || isExpired(req.core, cred)) {
        throw new ProblemError(409, "credential is revoked or expired and cannot be rotated");
      }
      const identity = cred.identity_id
        ? req.core.store.getInTenant(req.core.store.identities, cred.identity_id, req.tenant)
        : undefined;
      if (!identity) throw new ProblemError(409, "credential has no identity to rotate for");
      const minted = await issueFor(req.core, req.tenant, identity, {
        scopes: cred.scopes,
        ttl: cred.ttl_seconds,
        grantType: cred.grant_type,
      });
      req.core.store.revokeCascade(cred.jti, "rotated");
      req.core.changed();
      sendJson(req.ctx.res, 201, { token: minted.response, credential: minted.credential });
    },
  },
];
