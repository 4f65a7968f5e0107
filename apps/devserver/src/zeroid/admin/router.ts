import type { RequestContext } from "../../http/context.js";
import { sendProblem } from "../../http/respond.js";
import type { ZeroIDCore } from "../core.js";
import { OAuthError, ProblemError } from "../errors.js";
import { secretEquals, sha256Hex } from "../util.js";
import type { AdminRoute } from "./common.js";

/** Options of {@link createAdminRouter}. */
export interface AdminRouterOptions {
  /** Admin path prefix; `""` mounts at the root. */
  prefix: string;
  /** When set, every admin call must carry `Authorization: Bearer <adminKey>`. */
  adminKey?: string;
}

// Throws a 400 ProblemError for a parameter segment that is not valid percent-encoding.
function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(":")) {
      if (g === "") return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        throw new ProblemError(400, `path segment "${g}" is not valid percent-encoding (RFC 3986 §2.1)`);
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

/** Sends any error raised by an admin handler as a problem document (shape B). */
export function sendAdminError(ctx: RequestContext, err: unknown): void {
  if (err instanceof ProblemError) {
    sendProblem(ctx.res, err.status, err.title, err.detail, err.errors ? { errors: err.errors } : {});
  } else if (err instanceof OAuthError) {
    sendProblem(ctx.res, err.status, err.error, err.description);
  } else {
    sendProblem(ctx.res, 500, "Internal Server Error", "unexpected error");
  }
}

/**
 * Hosted ZeroID's admin auth also takes a live `zid_sk_` API key as the Bearer credential (as the published SDK
 * sends it): accepted when the key is known, unrevoked, unexpired and its tenant is the one in the headers.
 */
function serviceKeyAdmits(core: ZeroIDCore, ctx: RequestContext, bearer: string): boolean {
  if (!bearer.startsWith("zid_sk_")) return false;
  const key = core.store.apiKeyByHash(sha256Hex(bearer));
  if (!key || key.revoked_at || (key.expires_at && Date.parse(key.expires_at) <= core.now())) return false;
  return (
    ctx.header("x-account-id")?.trim() === key.account_id &&
    ctx.header("x-project-id")?.trim() === key.project_id
  );
}

/** Builds the admin request dispatcher; it answers only paths under the prefix that match a route. */
export function createAdminRouter(core: ZeroIDCore, routes: AdminRoute[], options: AdminRouterOptions) {
  const prefix = options.prefix.replace(/\/+$/, "");
  return async function handleAdmin(ctx: RequestContext): Promise<boolean> {
    const path = ctx.url.pathname;
    if (prefix !== "" && path !== prefix && !path.startsWith(`${prefix}/`)) return false;
    const rel = path.slice(prefix.length) || "/";
    let candidates: { route: AdminRoute; params: Record<string, string> | undefined }[];
    try {
      candidates = routes
        .map((route) => ({ route, params: match(route.pattern, rel) }))
        .filter((c) => c.params !== undefined);
    } catch (err) {
      sendAdminError(ctx, err);
      return true;
    }
    if (candidates.length === 0) {
      if (prefix === "") return false;
      sendProblem(ctx.res, 404, "Not Found", `no route for ${ctx.method} ${path}`);
      return true;
    }
    const hit = candidates.find((c) => c.route.method === ctx.method);
    try {
      if (options.adminKey !== undefined && !hit?.route.selfAuthenticated) {
        const auth = ctx.header("authorization") ?? "";
        const m = /^bearer\s+(\S+)$/i.exec(auth.trim());
        if (!m || !(secretEquals(m[1]!, options.adminKey) || serviceKeyAdmits(core, ctx, m[1]!))) {
          throw new ProblemError(401, "admin key required");
        }
      }
      if (!hit) {
        throw new ProblemError(405, `method ${ctx.method} not allowed on ${path}`);
      }
      const account = ctx.header("x-account-id")?.trim();
      const project = ctx.header("x-project-id")?.trim();
      const needsTenant = !hit.route.global && !hit.route.selfAuthenticated;
      if (needsTenant && (!account || !project)) {
        throw new ProblemError(hit.route.missingTenantStatus ?? 401, "missing tenant context");
      }
      const rawUser = ctx.header("x-user-id")?.trim();
      await hit.route.handler({
        core,
        ctx,
        tenant: { account_id: account ?? "", project_id: project ?? "" },
        params: hit.params!,
        userId: rawUser && !rawUser.startsWith("system:") ? rawUser : undefined,
      });
    } catch (err) {
      sendAdminError(ctx, err);
    }
    return true;
  };
}
