import { z } from "zod";
import { sendEmpty, sendJson } from "../../http/respond.js";
import { ProblemError } from "../errors.js";
import { DEFAULT_POLICY } from "../store.js";
import { type CredentialPolicy, GRANT_SHORT_NAMES, TRUST_LEVELS } from "../types.js";
import { compact, isoAt, newId } from "../util.js";
import { type AdminRequest, type AdminRoute, adminBody, badRequest, isoDate, notFound } from "./common.js";

const fields = {
  description: z.string().optional(),
  max_ttl_seconds: z.number().int().min(1).optional(),
  allowed_grant_types: z.array(z.enum(GRANT_SHORT_NAMES)).optional(),
  allowed_scopes: z.array(z.string()).optional(),
  required_trust_level: z.enum(TRUST_LEVELS).optional(),
  required_attestation: z.enum(["software", "platform", "hardware"]).optional(),
  max_delegation_depth: z.number().int().min(0).optional(),
  source: z.string().optional(),
  source_key: z.string().optional(),
  expires_at: isoDate.optional(),
};

const createSchema = z.object({ name: z.string().min(1).max(255), ...fields });
const patchSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  is_active: z.boolean().optional(),
  ...fields,
});

/** Policy JSON (spec §9.5). */
export function policyJson(policy: CredentialPolicy): Record<string, unknown> {
  const { is_default: _d, ...rest } = policy;
  return rest;
}

function load(req: AdminRequest): CredentialPolicy {
  req.core.store.defaultPolicy(req.tenant);
  const id = req.params.id!;
  const policy = req.core.store.getInTenant(req.core.store.policies, id, req.tenant);
  if (!policy) throw notFound("credential policy", id);
  return policy;
}

function assertUniqueName(req: AdminRequest, name: string, selfId?: string): void {
  const clash = req.core.store
    .inTenant(req.core.store.policies, req.tenant)
    .find((p) => p.name === name && p.id !== selfId);
  if (clash) throw new ProblemError(409, `credential policy named ${name} already exists`);
}

/** Admin routes for `/credential-policies` (spec §9.5). */
export const policyRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/credential-policies",
    async handler(req) {
      const body = adminBody(req, createSchema);
      req.core.store.defaultPolicy(req.tenant);
      assertUniqueName(req, body.name);
      const at = isoAt(req.core.now());
      const policy: CredentialPolicy = compact({
        id: newId(),
        account_id: req.tenant.account_id,
        project_id: req.tenant.project_id,
        name: body.name,
        description: body.description,
        max_ttl_seconds: body.max_ttl_seconds ?? DEFAULT_POLICY.max_ttl_seconds,
        allowed_grant_types: body.allowed_grant_types ?? [...DEFAULT_POLICY.allowed_grant_types],
        allowed_scopes: body.allowed_scopes,
        required_trust_level: body.required_trust_level,
        required_attestation: body.required_attestation,
        max_delegation_depth: body.max_delegation_depth ?? DEFAULT_POLICY.max_delegation_depth,
        source: body.source,
        source_key: body.source_key,
        is_active: true,
        expires_at: body.expires_at,
        created_at: at,
        updated_at: at,
      });
      req.core.store.policies.set(policy.id, policy);
      req.core.changed();
      sendJson(req.ctx.res, 201, policyJson(policy));
    },
  },
  {
    method: "GET",
    pattern: "/credential-policies",
    async handler(req) {
      req.core.store.defaultPolicy(req.tenant);
      const list = req.core.store.inTenant(req.core.store.policies, req.tenant).map(policyJson);
      sendJson(req.ctx.res, 200, { credential_policies: list, total: list.length });
    },
  },
  {
    method: "GET",
    pattern: "/credential-policies/:id",
    async handler(req) {
      sendJson(req.ctx.res, 200, policyJson(load(req)));
    },
  },
  {
    method: "PATCH",
    pattern: "/credential-policies/:id",
    async handler(req) {
      const policy = load(req);
      const body = adminBody(req, patchSchema);
      if (body.name !== undefined) assertUniqueName(req, body.name, policy.id);
      Object.assign(policy, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
      policy.updated_at = isoAt(req.core.now());
      req.core.changed();
      sendJson(req.ctx.res, 200, policyJson(policy));
    },
  },
  {
    method: "DELETE",
    pattern: "/credential-policies/:id",
    async handler(req) {
      const policy = load(req);
      if (policy.is_default) throw badRequest("the tenant default credential policy cannot be deleted");
      req.core.store.policies.delete(policy.id);
      req.core.changed();
      sendEmpty(req.ctx.res, 204);
    },
  },
];
