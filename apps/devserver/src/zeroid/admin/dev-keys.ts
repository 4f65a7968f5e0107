import { sendJson } from "../../http/respond.js";
import type { AdminRoute } from "./common.js";

/** Dev-only key rotation routes (not part of the real service): rotate publishes new keys, retire drops old ones. */
export const devKeyRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/dev/keys/rotate",
    global: true,
    async handler(req) {
      await req.core.keys.rotate();
      req.core.changed();
      sendJson(req.ctx.res, 200, { kids: req.core.keys.kids() });
    },
  },
  {
    method: "POST",
    pattern: "/dev/keys/retire",
    global: true,
    async handler(req) {
      req.core.keys.retire();
      req.core.changed();
      sendJson(req.ctx.res, 200, { kids: req.core.keys.kids() });
    },
  },
];
