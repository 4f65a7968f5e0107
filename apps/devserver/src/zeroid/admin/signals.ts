import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { SIGNAL_SEVERITIES, SIGNAL_TYPES } from "../types.js";
import { type AdminRoute, adminBody, adminQuery, badRequest } from "./common.js";
import { recordSignal } from "./lifecycle.js";

const ingestSchema = z.object({
  signal_type: z.string().min(1),
  source: z.string().min(1),
  severity: z.string().optional(),
  identity_id: z.uuid().optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});

const listSchema = z.looseObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  mission_id: z.string().optional(),
});

/** Admin routes for `/signals` (spec §9.7). */
export const signalRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/signals/ingest",
    async handler(req) {
      const body = adminBody(req, ingestSchema);
      if (!(SIGNAL_TYPES as readonly string[]).includes(body.signal_type))
        throw badRequest("invalid signal_type");
      const severity = body.severity ?? "low";
      if (!(SIGNAL_SEVERITIES as readonly string[]).includes(severity)) throw badRequest("invalid severity");
      const signal = recordSignal(req.core, req.tenant, { ...body, severity });
      sendJson(req.ctx.res, 201, signal);
    },
  },
  {
    method: "GET",
    pattern: "/signals",
    async handler(req) {
      const q = adminQuery(req, listSchema);
      const all = req.core.store
        .inTenant(new Map(req.core.store.signals.map((s) => [s.id, s])), req.tenant)
        .filter((s) => !q.mission_id || s.mission_id === q.mission_id)
        .reverse();
      sendJson(req.ctx.res, 200, { signals: all.slice(0, q.limit), total: all.length });
    },
  },
];
