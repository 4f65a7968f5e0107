import type { CAESignal } from "../types.js";
import type { AdminRoute } from "./common.js";

/** Events a slow subscriber may have pending before further events are dropped. */
export const SUBSCRIBER_BUFFER = 100;

/** `GET /signals/stream`: SSE, `event: connected` then `event: signal` per CAESignal of the caller's tenant. */
export const signalStreamRoute: AdminRoute = {
  method: "GET",
  pattern: "/signals/stream",
  missingTenantStatus: 400,
  async handler(req) {
    const { res } = req.ctx;
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    res.write(
      `event: connected\ndata: ${JSON.stringify({ account_id: req.tenant.account_id, project_id: req.tenant.project_id })}\n\n`,
    );
    let pending = 0;
    const listener = (signal: CAESignal) => {
      if (signal.account_id !== req.tenant.account_id || signal.project_id !== req.tenant.project_id) return;
      if (pending >= SUBSCRIBER_BUFFER) return;
      pending++;
      res.write(`event: signal\ndata: ${JSON.stringify(signal)}\n\n`, () => {
        pending--;
      });
    };
    req.core.store.signalListeners.add(listener);
    const stop = () => req.core.store.signalListeners.delete(listener);
    res.on("close", stop);
    req.ctx.req.on("close", stop);
  },
};
