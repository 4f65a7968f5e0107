import { z } from "zod";
import { parseBody } from "../http/body.js";
import type { RequestContext, RouteHandler } from "../http/context.js";
import { sendJson, sendProblem } from "../http/respond.js";
import { sendValidationProblem } from "../http/zod-problem.js";
import type { FaultConfig, FaultController } from "./fault-controller.js";

const FaultBodySchema = z.strictObject({
  latency_ms: z.number().min(0).max(60_000).optional(),
  error_rate: z.number().min(0).max(1).optional(),
  error_status: z.number().int().min(400).max(599).optional(),
  retry_after_seconds: z.number().int().min(0).optional(),
  drop_rate: z.number().min(0).max(1).optional(),
  paths: z.array(z.string()).optional(),
  times: z.number().int().min(1).optional(),
});

/** Wire (snake_case) view of a fault config. */
export function faultsToWire(config: FaultConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    latency_ms: config.latencyMs,
    error_rate: config.errorRate,
    error_status: config.errorStatus,
    retry_after_seconds: config.retryAfterSeconds,
    drop_rate: config.dropRate,
    paths: config.paths,
    times: config.times,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * `GET|POST|DELETE /_dev/faults`. With an admin key configured, requires `Authorization: Bearer <adminKey>` or
 * `X-Admin-Key`.
 */
export function createFaultRoutes(faults: FaultController, adminKey: string | undefined): RouteHandler {
  return {
    async handle(ctx: RequestContext) {
      if (ctx.url.pathname !== "/_dev/faults") return false;
      if (adminKey) {
        const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.header("authorization") ?? "")?.[1];
        if (bearer !== adminKey && ctx.header("x-admin-key") !== adminKey) {
          sendProblem(ctx.res, 401, "unauthorized", "admin key required");
          return true;
        }
      }
      if (ctx.method === "GET") {
        sendJson(ctx.res, 200, faultsToWire(faults.get()));
      } else if (ctx.method === "DELETE") {
        faults.clear();
        sendJson(ctx.res, 200, {});
      } else if (ctx.method === "POST" || ctx.method === "PUT") {
        const parsed = parseBody(ctx.header("content-type"), ctx.rawBody);
        if (!parsed.ok) {
          sendProblem(ctx.res, parsed.status, parsed.title, parsed.detail);
          return true;
        }
        const result = FaultBodySchema.safeParse(parsed.value);
        if (!result.success) {
          sendValidationProblem(ctx.res, 422, "invalid_request", result.error, parsed.value);
          return true;
        }
        const b = result.data;
        faults.set({
          latencyMs: b.latency_ms,
          errorRate: b.error_rate,
          errorStatus: b.error_status,
          retryAfterSeconds: b.retry_after_seconds,
          dropRate: b.drop_rate,
          paths: b.paths,
          times: b.times,
        });
        sendJson(ctx.res, 200, faultsToWire(faults.get()));
      } else {
        sendProblem(ctx.res, 405, "method_not_allowed", `${ctx.method} is not allowed on /_dev/faults`, {
          headers: { allow: "GET, POST, DELETE" },
        });
      }
      return true;
    },
  };
}
