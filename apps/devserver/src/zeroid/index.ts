/**
 * The ZeroID half of the local Highflame dev server: discovery, JWKS, the OAuth token/introspect/revoke/verify
 * endpoints and the admin API, in memory, per `shared/spec/zeroid-api.md`.
 *
 * @packageDocumentation
 */
import type { RequestContext } from "../http/context.js";
import { sendOAuthError, sendProblem } from "../http/respond.js";
import { agentRoutes } from "./admin/agents.js";
import { apiKeyRoutes } from "./admin/api-keys.js";
import type { AdminRoute } from "./admin/common.js";
import { credentialRoutes } from "./admin/credentials.js";
import { devKeyRoutes } from "./admin/dev-keys.js";
import { identityRoutes } from "./admin/identities.js";
import { oauthClientRoutes } from "./admin/oauth-clients.js";
import { offboardingRoutes } from "./admin/offboarding.js";
import { policyRoutes } from "./admin/policies.js";
import { proofRoutes } from "./admin/proofs.js";
import { createAdminRouter } from "./admin/router.js";
import { signalStreamRoute } from "./admin/signal-stream.js";
import { signalRoutes } from "./admin/signals.js";
import type { ZeroIDCore } from "./core.js";
import { OAuthError, ProblemError } from "./errors.js";
import { KeyRing, type KeyRingState } from "./keys.js";
import { OAUTH_ROUTES } from "./oauth-routes.js";
import { publicRoutes } from "./public-routes.js";
import { DEFAULT_TENANT, seedDefaultTenant } from "./seed.js";
import { Store, type StoreState } from "./store.js";
import { verifyAccessToken } from "./tokens.js";
import type { AccessTokenClaims } from "./types.js";

export { InvalidTokenError } from "./errors.js";
export type { AccessTokenClaims } from "./types.js";
export { TRUST_DOMAIN } from "./wimse.js";

/** Options of {@link createZeroIDService}. */
export interface ZeroIDServiceOptions {
  /** The server's base URL (e.g. `http://127.0.0.1:8899`), known only after listen; no trailing slash. */
  issuer: () => string;
  /** Admin path prefix. Default `"/api/v1"`; `""` mounts admin at the root. */
  adminPathPrefix?: string;
  /** When set, admin calls need `Authorization: Bearer <adminKey>` (401 problem otherwise). Default: open. */
  adminKey?: string;
  /** Use this key as the seeded tenant's ready service key instead of a random one. Default: random `zid_sk_…`. */
  serviceKey?: string;
  /** A value previously returned by {@link ZeroIDService.exportState}. Default: fresh state. */
  state?: unknown;
  /** Called after every state mutation. Default: none. */
  onChange?: () => void;
  /** ms clock. Default `Date.now`. */
  now?: () => number;
}

/** The ZeroID service mounted by the dev server frame. */
export interface ZeroIDService {
  /** Answers `/.well-known/*`, `/oauth2/*`, `/health`, `/ready` and admin routes; false for anything else. */
  handle(ctx: RequestContext): Promise<boolean>;
  /** The seeded default tenant. */
  readonly defaultTenant: { account_id: string; project_id: string };
  /** Ready API key of the seeded default tenant (active identity, broad scopes). */
  readonly serviceKey: string;
  /** Verifies a bearer token minted by this server; throws `InvalidTokenError` (with `.reason`) otherwise. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims>;
  /** JSON-serialisable state including private signing keys. */
  exportState(): unknown;
  /** Publishes a new EC + RSA key pair and signs new tokens with them; returns the published kids. */
  rotateSigningKeys(): Promise<{ kids: string[] }>;
}

interface PersistedState {
  version: 1;
  keys: KeyRingState;
  store: StoreState;
  service_key: string;
}

function asPersisted(state: unknown): PersistedState | undefined {
  if (!state || typeof state !== "object") return undefined;
  const s = state as Partial<PersistedState>;
  if (s.version !== 1 || !s.keys || !s.store) return undefined;
  return s as PersistedState;
}

const ADMIN_ROUTES: AdminRoute[] = [
  ...devKeyRoutes,
  ...agentRoutes,
  ...offboardingRoutes,
  ...identityRoutes,
  ...apiKeyRoutes,
  ...oauthClientRoutes,
  ...policyRoutes,
  ...credentialRoutes,
  signalStreamRoute,
  ...signalRoutes,
  ...proofRoutes,
];

function sendRouteError(ctx: RequestContext, err: unknown): void {
  if (err instanceof OAuthError) {
    if (Object.keys(err.extraBody).length > 0) {
      ctx.res.writeHead(err.status, { "content-type": "application/json", ...err.headers });
      ctx.res.end(JSON.stringify({ error: err.error, error_description: err.description, ...err.extraBody }));
    } else sendOAuthError(ctx.res, err.status, err.error, err.description, err.headers);
  } else if (err instanceof ProblemError) {
    sendProblem(ctx.res, err.status, err.title, err.detail, err.errors ? { errors: err.errors } : {});
  } else {
    sendOAuthError(ctx.res, 500, "server_error", "unexpected error");
  }
}

/** Creates the ZeroID service: generates (or restores) signing keys and seeds the default tenant. */
export async function createZeroIDService(options: ZeroIDServiceOptions): Promise<ZeroIDService> {
  const now = options.now ?? Date.now;
  const persisted = asPersisted(options.state);
  if (options.state !== undefined && options.state !== null && !persisted) {
    throw new TypeError(
      "ZeroID state is not recognised: expected a value returned by exportState() (version 1)",
    );
  }
  const keys = await KeyRing.create(persisted?.keys);
  const store = new Store(now, persisted?.store);
  const core: ZeroIDCore = {
    store,
    keys,
    issuer: () => options.issuer().replace(/\/+$/, ""),
    now,
    changed: () => options.onChange?.(),
  };
  const serviceKey = await seedDefaultTenant(core, options.serviceKey ?? persisted?.service_key);
  const routes = { ...publicRoutes(now()), ...OAUTH_ROUTES };
  const admin = createAdminRouter(core, ADMIN_ROUTES, {
    prefix: options.adminPathPrefix ?? "/api/v1",
    adminKey: options.adminKey,
  });
  const publicPaths = new Set(Object.keys(routes).map((k) => k.slice(k.indexOf(" ") + 1)));

  return {
    defaultTenant: { ...DEFAULT_TENANT },
    serviceKey,
    async handle(ctx) {
      const path = ctx.url.pathname;
      const route = routes[`${ctx.method} ${path}`];
      if (route) {
        try {
          await route(core, ctx);
        } catch (err) {
          sendRouteError(ctx, err);
        }
        return true;
      }
      if (publicPaths.has(path)) {
        sendProblem(ctx.res, 405, "Method Not Allowed", `method ${ctx.method} not allowed on ${path}`);
        return true;
      }
      return admin(ctx);
    },
    verifyAccessToken: (token) => verifyAccessToken(core, token),
    exportState(): PersistedState {
      return { version: 1, keys: keys.export(), store: store.export(), service_key: serviceKey };
    },
    async rotateSigningKeys() {
      await keys.rotate();
      core.changed();
      return { kids: keys.kids() };
    },
  };
}
