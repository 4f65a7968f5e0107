import {
  type DetectRequest,
  DetectRequestSchema,
  GuardRequestSchema,
  type ParsedDetectRequest,
  type ParsedGuardRequest,
} from "@highflame/shield";
import type { z } from "zod";
import { parseBody } from "../http/body.js";
import type { RequestContext, RouteHandler } from "../http/context.js";
import { sendJson, sendProblem } from "../http/respond.js";
import { sendValidationProblem } from "../http/zod-problem.js";
import type { EvaluationListener } from "../observatory/evaluation.js";
import { DEFAULT_POLICIES } from "./default-policies.js";
import { ALL_DETECTOR_NAMES } from "./detectors/registry.js";
import { type GuardResponseBody, ShieldEngine } from "./engine.js";
import { type LoadedPolicy, loadPolicies, PolicyLoadError } from "./policy-engine.js";
import { DEFAULT_SESSION_THRESHOLDS, SessionStore, type SessionThresholds } from "./session-store.js";
import { eventNames, SSE_VOCABULARIES, type SseVocabulary, writeEvent } from "./sse.js";

/** Claims the Shield service needs from a verified access token. */
export interface ShieldTokenClaims {
  sub: string;
  account_id: string;
  project_id: string;
  [k: string]: unknown;
}

/** Options of {@link createShieldService}. */
export interface ShieldServiceOptions {
  /** Verifies a Bearer token (throws when invalid); typically `ZeroIDService.verifyAccessToken`. */
  verifyAccessToken: (token: string) => Promise<ShieldTokenClaims>;
  /** Cedar policy text replacing the default set. Default: {@link DEFAULT_POLICIES}. */
  policies?: string;
  /** Name shown in policy load errors (e.g. the `--policies` file path). Default `"policies"`. */
  policiesSource?: string;
  /**
   * Accept a policy set without any `forbid` policy (every request is then allowed). Default `false`: such a
   * set is refused with {@link PolicyLoadError}, so an empty or mistyped policy file cannot open everything.
   */
  allowNoPolicies?: boolean;
  /** Default SSE vocabulary; per request overridable with `x-highflame-sse-vocabulary`. Default `"docs"`. */
  sseVocabulary?: SseVocabulary;
  /** Session detector thresholds. Default {@link DEFAULT_SESSION_THRESHOLDS}. */
  sessionThresholds?: Partial<SessionThresholds>;
  /** Told about every guard, stream and detect evaluation (the observatory's recorder). Default: none. */
  onEvaluation?: EvaluationListener;
}

/** The Shield half of the dev server: a route handler plus introspection helpers. */
export interface ShieldService extends RouteHandler {
  /** Loaded policies (ids, modes, decisions). */
  readonly policyIds: readonly string[];
  /** The loaded policies. */
  readonly policies: readonly LoadedPolicy[];
}

const PRODUCT = "guardrails";
const SHIELD_ROUTES: Record<string, string> = {
  "/v1/guard": "POST",
  "/v1/guard/stream": "POST",
  "/v1/detect": "POST",
  "/v1/detectors": "GET",
  "/v1/health": "GET",
  "/v1/debug/policies": "GET",
};
const REPLAY_LIMIT = 1000;

/** Maps `/v1/shield/x` to `/v1/x`; other paths unchanged. */
function canonicalPath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  return trimmed.startsWith("/v1/shield/") ? `/v1/${trimmed.slice("/v1/shield/".length)}` : trimmed;
}

/**
 * Creates the Shield service: `POST /v1/guard`, `POST /v1/guard/stream`, `POST /v1/detect`, `GET /v1/detectors`,
 * `GET /v1/health`, `GET /v1/debug/policies`, each also under `/v1/shield/…`. Throws `PolicyLoadError` for
 * invalid Cedar text.
 */
export function createShieldService(options: ShieldServiceOptions): ShieldService {
  const source = options.policiesSource ?? "policies";
  const policies = loadPolicies(options.policies ?? DEFAULT_POLICIES, source);
  if (!options.allowNoPolicies && !policies.some((p) => p.effect === "forbid")) {
    throw new PolicyLoadError(
      `${source}: no forbid policies, so every request would be allowed; pass --allow-no-policies (allowNoPolicies: true) if that is intended`,
    );
  }
  const thresholds = { ...DEFAULT_SESSION_THRESHOLDS, ...options.sessionThresholds };
  const engine = new ShieldEngine(policies, new SessionStore(), thresholds);
  const defaultVocabulary = options.sseVocabulary ?? "docs";
  const startedAt = Date.now();
  const replays = new Map<string, GuardResponseBody>();

  async function authenticate(ctx: RequestContext): Promise<ShieldTokenClaims | undefined> {
    const header = ctx.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const challenge = { "www-authenticate": 'Bearer error="invalid_token"' };
    if (!match) {
      sendProblem(ctx.res, 401, "unauthorized", "missing Bearer token in Authorization header", {
        headers: { "www-authenticate": "Bearer" },
      });
      return undefined;
    }
    try {
      const claims = await options.verifyAccessToken(match[1]!);
      if (!claims || typeof claims.sub !== "string") throw new Error("token has no subject");
      return claims;
    } catch (err) {
      const reason =
        err && typeof err === "object" && "reason" in err && typeof err.reason === "string"
          ? err.reason
          : "invalid token";
      sendProblem(ctx.res, 401, "invalid_token", `access token rejected: ${reason}`, { headers: challenge });
      return undefined;
    }
  }

  function parseJson<S extends z.ZodType>(ctx: RequestContext, schema: S): z.output<S> | undefined {
    const parsed = parseBody(ctx.header("content-type"), ctx.rawBody);
    if (!parsed.ok) {
      sendProblem(ctx.res, parsed.status, parsed.title, parsed.detail);
      return undefined;
    }
    const result = schema.safeParse(parsed.value);
    if (!result.success) {
      sendValidationProblem(ctx.res, 400, "invalid_request", result.error, parsed.value);
      return undefined;
    }
    const detectors = (result.data as { detectors?: string[] }).detectors ?? [];
    const unknown = detectors.findIndex((d) => !ALL_DETECTOR_NAMES.includes(d));
    if (unknown >= 0) {
      const location = `detectors[${unknown}]`;
      sendProblem(ctx.res, 422, "unknown_detector", `${location}: unknown detector "${detectors[unknown]}"`, {
        errors: [{ location: `body.${location}`, message: "unknown detector", value: detectors[unknown] }],
      });
      return undefined;
    }
    return result.data;
  }

  // The token's tenant. Tenant headers may repeat it but never name another tenant: that is a 403, so one
  // tenant's token cannot read or write another tenant's session state.
  function tenantOf(ctx: RequestContext, claims: ShieldTokenClaims) {
    const account = ctx.header("x-account-id")?.trim();
    const project = ctx.header("x-project-id")?.trim();
    const mismatch =
      (account && account !== claims.account_id && "X-Account-ID") ||
      (project && project !== claims.project_id && "X-Project-ID");
    if (mismatch) {
      sendProblem(
        ctx.res,
        403,
        "tenant_mismatch",
        `${mismatch} names a different tenant than the access token`,
      );
      return undefined;
    }
    return { accountId: claims.account_id, projectId: claims.project_id };
  }

  async function guard(ctx: RequestContext, claims: ShieldTokenClaims): Promise<void> {
    const tenant = tenantOf(ctx, claims);
    if (!tenant) return;
    const req = parseJson(ctx, GuardRequestSchema) as ParsedGuardRequest | undefined;
    if (!req) return;
    const idempotencyKey = ctx.header("idempotency-key") || undefined;
    const replayKey = idempotencyKey && `${tenant.accountId}\u0000${tenant.projectId}\u0000${idempotencyKey}`;
    const cached = replayKey ? replays.get(replayKey) : undefined;
    if (cached) {
      sendJson(ctx.res, 200, cached, { "idempotency-replayed": "true" });
      return;
    }
    const body = engine.guard(req, {
      requestId: ctx.requestId,
      principal: claims.sub,
      idempotencyKey,
      ...tenant,
    });
    if (replayKey) {
      if (replays.size >= REPLAY_LIMIT) replays.delete(replays.keys().next().value!);
      replays.set(replayKey, body);
    }
    sendJson(ctx.res, 200, body);
    options.onEvaluation?.({
      endpoint: "guard",
      request: req,
      claims,
      ...tenant,
      requestId: ctx.requestId,
      response: body,
    });
  }

  async function stream(ctx: RequestContext, claims: ShieldTokenClaims): Promise<void> {
    const requested = ctx.header("x-highflame-sse-vocabulary")?.trim().toLowerCase();
    if (requested && !(SSE_VOCABULARIES as readonly string[]).includes(requested)) {
      sendProblem(ctx.res, 400, "invalid_request", `x-highflame-sse-vocabulary must be one of: docs, rust`);
      return;
    }
    const vocabulary = (requested as SseVocabulary | undefined) ?? defaultVocabulary;
    const tenant = tenantOf(ctx, claims);
    if (!tenant) return;
    const req = parseJson(ctx, GuardRequestSchema) as ParsedGuardRequest | undefined;
    if (!req) return;
    const names = eventNames(vocabulary);
    ctx.res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-highflame-sse-vocabulary": vocabulary,
    });
    try {
      const body = engine.guard(
        req,
        {
          requestId: ctx.requestId,
          principal: claims.sub,
          idempotencyKey: ctx.header("idempotency-key") || undefined,
          ...tenant,
        },
        (outcome) => writeEvent(ctx.res, names.detector, outcome),
      );
      writeEvent(ctx.res, "decision", body);
      options.onEvaluation?.({
        endpoint: "stream",
        request: req,
        claims,
        ...tenant,
        requestId: ctx.requestId,
        response: body,
      });
      if (names.done) writeEvent(ctx.res, names.done, {});
    } catch (err) {
      writeEvent(ctx.res, "error", {
        status: 500,
        title: "internal_error",
        detail: err instanceof Error ? err.message : "evaluation failed",
      });
    }
    ctx.res.end();
  }

  async function detect(ctx: RequestContext, claims: ShieldTokenClaims): Promise<void> {
    const tenant = tenantOf(ctx, claims);
    if (!tenant) return;
    const req = parseJson(ctx, DetectRequestSchema) as ParsedDetectRequest | undefined;
    if (!req) return;
    const response = engine.detect(req as DetectRequest & ParsedDetectRequest, ctx.requestId);
    sendJson(ctx.res, 200, response);
    options.onEvaluation?.({
      endpoint: "detect",
      request: req,
      claims,
      ...tenant,
      requestId: ctx.requestId,
      response,
    });
  }

  function debugPolicies(ctx: RequestContext): void {
    const product = ctx.url.searchParams.get("product") || PRODUCT;
    const list =
      product === PRODUCT
        ? policies.map((p) => ({
            id: p.id,
            effect: p.effect,
            mode: p.mode,
            decision: p.decision,
            reason: p.reason,
            annotations: p.annotations,
            detectors: p.detectors,
            text: p.text,
          }))
        : [];
    sendJson(ctx.res, 200, { product, policies: list, count: list.length });
  }

  return {
    policyIds: policies.map((p) => p.id),
    policies,
    async handle(ctx) {
      const path = canonicalPath(ctx.url.pathname);
      const method = SHIELD_ROUTES[path];
      if (!method) return false;
      if (ctx.method !== method) {
        sendProblem(
          ctx.res,
          405,
          "method_not_allowed",
          `${ctx.method} is not allowed on ${ctx.url.pathname}`,
          {
            headers: { allow: method },
          },
        );
        return true;
      }
      if (path === "/v1/health") {
        sendJson(ctx.res, 200, {
          status: "healthy",
          service: "shield",
          timestamp: new Date().toISOString(),
          uptime_ms: Date.now() - startedAt,
          detectors: ALL_DETECTOR_NAMES.length,
          policies: policies.length,
        });
        return true;
      }
      const claims = await authenticate(ctx);
      if (!claims) return true;
      switch (path) {
        case "/v1/guard":
          await guard(ctx, claims);
          break;
        case "/v1/guard/stream":
          await stream(ctx, claims);
          break;
        case "/v1/detect":
          await detect(ctx, claims);
          break;
        case "/v1/detectors":
          sendJson(ctx.res, 200, { detectors: engine.detectorInfo() });
          break;
        default:
          debugPolicies(ctx);
      }
      return true;
    },
  };
}
