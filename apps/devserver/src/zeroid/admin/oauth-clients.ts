import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { ProblemError } from "../errors.js";
import type { OAuthClientRecord } from "../types.js";
import { isoAt, newClientSecret, newId, sha256Hex } from "../util.js";
import { type AdminRequest, type AdminRoute, adminBody, notFound } from "./common.js";

const createSchema = z.object({
  client_id: z.string().min(1).max(255),
  name: z.string().min(1).max(255),
  description: z.string().optional(),
  confidential: z.boolean().optional(),
  token_endpoint_auth_method: z
    .enum(["client_secret_post", "client_secret_basic", "none", "private_key_jwt"])
    .optional(),
  grant_types: z.array(z.string()).optional(),
  scopes: z.array(z.string()).optional(),
  redirect_uris: z.array(z.string()).optional(),
  access_token_ttl: z.number().int().min(1).optional(),
  refresh_token_ttl: z.number().int().min(1).optional(),
  jwks_uri: z.string().optional(),
  jwks: z.record(z.string(), z.unknown()).optional(),
  software_id: z.string().optional(),
  software_version: z.string().optional(),
  contacts: z.array(z.string()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  identity_id: z.string().optional(),
  client_notification_endpoint: z.string().optional(),
  backchannel_token_delivery_mode: z.enum(["poll", "ping", "push"]).optional(),
});

/** Client JSON (never the secret). */
export function clientJson(client: OAuthClientRecord): Record<string, unknown> {
  return {
    id: client.id,
    client_id: client.client_id,
    name: client.name,
    client_type: client.client_type,
    grant_types: client.grant_types,
    redirect_uris: client.redirect_uris,
    scopes: client.scopes,
    is_active: client.is_active,
    ...client.extra,
    created_at: client.created_at,
    updated_at: client.updated_at,
  };
}

function load(req: AdminRequest): OAuthClientRecord {
  const id = req.params.id!;
  const client = req.core.store.clients.get(id);
  if (!client) throw notFound("oauth client", id);
  return client;
}

/** Admin routes for `/oauth/clients` (spec §9.4). Clients are global. */
export const oauthClientRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/oauth/clients",
    async handler(req) {
      const body = adminBody(req, createSchema);
      if (req.core.store.clientByClientId(body.client_id)) {
        throw new ProblemError(409, `oauth client ${body.client_id} already exists`);
      }
      const { client_id, name, confidential, grant_types, scopes, redirect_uris, ...extra } = body;
      const isConfidential = confidential ?? body.token_endpoint_auth_method !== "none";
      const secret = isConfidential ? newClientSecret() : undefined;
      const at = isoAt(req.core.now());
      const client: OAuthClientRecord = {
        id: newId(),
        client_id,
        name,
        client_type: isConfidential ? "confidential" : "public",
        ...(secret ? { secret_hash: sha256Hex(secret) } : {}),
        grant_types: grant_types ?? ["client_credentials"],
        redirect_uris: redirect_uris ?? [],
        scopes: scopes ?? [],
        is_active: true,
        extra,
        created_at: at,
        updated_at: at,
      };
      req.core.store.clients.set(client.id, client);
      req.core.changed();
      sendJson(req.ctx.res, 201, {
        client: clientJson(client),
        client_secret: secret ?? "",
        note: secret
          ? "Store the client_secret now; it will not be shown again."
          : "Public client: no secret.",
      });
    },
  },
  {
    method: "GET",
    pattern: "/oauth/clients",
    async handler(req) {
      const clients = [...req.core.store.clients.values()].map(clientJson);
      sendJson(req.ctx.res, 200, { clients, total: clients.length });
    },
  },
  {
    method: "GET",
    pattern: "/oauth/clients/:id",
    async handler(req) {
      sendJson(req.ctx.res, 200, clientJson(load(req)));
    },
  },
  {
    method: "DELETE",
    pattern: "/oauth/clients/:id",
    async handler(req) {
      const client = load(req);
      req.core.store.clients.delete(client.id);
      req.core.changed();
      sendJson(req.ctx.res, 200, { deleted: true, id: client.id });
    },
  },
  {
    method: "POST",
    pattern: "/oauth/clients/:id/rotate-secret",
    async handler(req) {
      const client = load(req);
      if (client.client_type !== "confidential") throw new ProblemError(400, "public clients have no secret");
      const secret = newClientSecret();
      client.secret_hash = sha256Hex(secret);
      client.updated_at = isoAt(req.core.now());
      req.core.changed();
      sendJson(req.ctx.res, 200, {
        client: clientJson(client),
        client_secret: secret,
        note: "Store the client_secret now; it will not be shown again.",
      });
    },
  },
];
