import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Mode, type ParsedGuardRequest, TIERS, type Tier } from "@highflame/shield";
import { buildCedarRequest } from "./cedar-context.js";
import { ALL_DETECTOR_NAMES, CONTENT_DETECTORS, SESSION_DETECTORS } from "./detectors/registry.js";
import { runSessionDetectors } from "./detectors/session.js";
import type { DetectorInput, DetectorOutcome, DetectorSpan } from "./detectors/types.js";
import { resolveMode } from "./modes.js";
import { evaluatePolicies, type LoadedPolicy, type PolicyEvaluation } from "./policy-engine.js";
import { redact } from "./redact.js";
import { buildRootCauses, buildSignals, policyReason } from "./response-parts.js";
import {
  type SessionProjectionResult,
  type SessionStore,
  type SessionThresholds,
  SessionStore as Store,
} from "./session-store.js";

/** Who is calling and how this call is identified. */
export interface GuardCaller {
  requestId: string;
  accountId: string;
  projectId: string;
  /** Token subject, used as the Cedar principal. */
  principal: string;
  /** `Idempotency-Key` header; a retried key is not counted twice in session state. */
  idempotencyKey?: string;
}

/** Callback receiving each detector result as soon as its tier has run (SSE). */
export type DetectorListener = (outcome: DetectorOutcome) => void;

/** Guard response document (wire shape). */
export type GuardResponseBody = Record<string, unknown> & { decision: string };

function toInput(
  req: Pick<ParsedGuardRequest, "content" | "content_type" | "tool" | "file"> & { action?: string },
): DetectorInput {
  return {
    content: req.content,
    contentType: req.content_type,
    action: req.action,
    toolName: req.tool?.name,
    toolArguments: req.tool?.arguments,
    filePath: typeof req.file?.path === "string" ? req.file.path : undefined,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Runs the content detectors of one tier. */
export function runContentTier(
  tier: Tier,
  input: DetectorInput,
  selected: ReadonlySet<string>,
): DetectorOutcome[] {
  return CONTENT_DETECTORS.filter((d) => d.tier === tier && selected.has(d.name)).map((d) => ({
    name: d.name,
    tier: d.tier,
    ...d.run(input),
  }));
}

/** The turn risk: highest score among detected content detectors. */
export function turnRisk(outcomes: readonly DetectorOutcome[]): number {
  return outcomes.reduce((max, o) => (o.detected && o.tier !== "slow" ? Math.max(max, o.score) : max), 0);
}

/** Detection + Cedar evaluation + mode resolution for guard and detect requests. */
export class ShieldEngine {
  constructor(
    readonly policies: readonly LoadedPolicy[],
    private readonly store: SessionStore,
    private readonly thresholds: SessionThresholds,
  ) {}

  /** Detector names the active policies reference (`optimize`). */
  requiredDetectors(): string[] {
    const names = new Set(this.policies.flatMap((p) => p.detectors));
    return ALL_DETECTOR_NAMES.filter((n) => names.has(n));
  }

  private selectDetectors(req: ParsedGuardRequest): Set<string> {
    let names = req.detectors && req.detectors.length > 0 ? [...req.detectors] : [...ALL_DETECTOR_NAMES];
    if (req.optimize || req.dryrun) {
      const required = new Set(this.requiredDetectors());
      names = names.filter((n) => required.has(n));
    }
    return new Set(names);
  }

  /** Evaluates one guard request. */
  guard(req: ParsedGuardRequest, caller: GuardCaller, onDetector?: DetectorListener): GuardResponseBody {
    const started = performance.now();
    const mode: Mode = req.mode ?? "enforce";
    const selected = this.selectDetectors(req);
    const base = {
      request_id: caller.requestId,
      audit_id: randomUUID(),
      timestamp: new Date().toISOString(),
    };
    if (req.dryrun) {
      return {
        decision: "allow",
        ...base,
        latency_ms: round(performance.now() - started),
        policy_reason: "Dry run: no detectors or policies were evaluated",
        signals: [],
        determining_policies: [],
        optimization: {
          required_detectors: [...selected],
          skipped_detectors: ALL_DETECTOR_NAMES.filter((n) => !selected.has(n)),
        },
      };
    }
    const input = toInput(req);
    const sessionKey = req.session_id
      ? Store.key(caller.accountId, caller.projectId, req.session_id)
      : undefined;
    const outcomes: DetectorOutcome[] = [];
    const tiersEvaluated: Tier[] = [];
    const tiersSkipped: Tier[] = [];
    let projection: SessionProjectionResult | undefined;
    const project = () =>
      sessionKey
        ? this.store.project(
            sessionKey,
            { risk: turnRisk(outcomes), toolName: req.tool?.name, content: req.content },
            caller.idempotencyKey,
          )
        : undefined;
    let evalMs = 0;
    const evaluate = (): { evaluation: PolicyEvaluation; cedar: ReturnType<typeof buildCedarRequest> } => {
      const t0 = performance.now();
      const after = projection?.after;
      const cedar = buildCedarRequest(req, mode, caller.principal, ALL_DETECTOR_NAMES, outcomes, {
        turnCount: after?.turnCount ?? 0,
        cumulativeRisk: after?.cumulativeRisk ?? 0,
        toolStreak: after?.toolStreak ?? 0,
      });
      const evaluation = evaluatePolicies(this.policies, cedar);
      evalMs += performance.now() - t0;
      return { evaluation, cedar };
    };
    let last: ReturnType<typeof evaluate> | undefined;
    for (const [i, tier] of TIERS.entries()) {
      let tierOutcomes: DetectorOutcome[];
      if (tier === "slow") {
        projection = project();
        tierOutcomes = runSessionDetectors(projection, this.thresholds).filter((o) => selected.has(o.name));
      } else {
        tierOutcomes = runContentTier(tier, input, selected);
      }
      outcomes.push(...tierOutcomes);
      tiersEvaluated.push(tier);
      for (const o of tierOutcomes) onDetector?.(o);
      if (req.early_exit) {
        last = evaluate();
        const denies = last.evaluation.fired.some((p) => p.decision === "deny" && p.mode === "enforce");
        if (denies) {
          tiersSkipped.push(...TIERS.slice(i + 1));
          break;
        }
      }
    }
    projection ??= project();
    const final = last && tiersSkipped.length > 0 ? last : evaluate();
    const { evaluation, cedar } = final;
    const outcome = resolveMode(mode, evaluation.fired);
    if (sessionKey && projection) this.store.commit(sessionKey, projection, caller.idempotencyKey);

    const body: GuardResponseBody = {
      decision: outcome.decision,
      actual_decision: outcome.actual_decision,
      mode_overridden: outcome.mode_overridden,
      effective_mode: outcome.effective_mode,
      alerted: outcome.alerted,
      policy_reason: policyReason(mode, outcome, evaluation.fired),
      ...base,
      latency_ms: 0,
      eval_latency_ms: round(evalMs),
      signals: buildSignals(outcomes),
      determining_policies: evaluation.fired.map((p) => ({
        id: p.id,
        effect: p.effect,
        decision: p.decision,
        mode: p.mode,
        reason: p.reason,
        enforced: outcome.enforced.includes(p),
      })),
    };
    body.reason = body.policy_reason;
    if (outcome.decision === "modify") {
      const names = new Set(
        outcome.enforced.flatMap((p) => (p.detectors.length > 0 ? p.detectors : ["pii"])),
      );
      const spans: DetectorSpan[] = outcomes
        .filter((o) => names.has(o.name) && o.detected)
        .flatMap((o) => o.spans);
      const { text, entries } = redact(req.content, spans);
      body.redacted_content = text;
      body.redaction_entries = entries;
    }
    if (req.optimize) {
      body.optimization = {
        required_detectors: [...selected],
        skipped_detectors: ALL_DETECTOR_NAMES.filter((n) => !selected.has(n)),
      };
    }
    if (req.early_exit) body.tiers_skipped = tiersSkipped;
    if (req.early_exit || req.explain || req.debug) body.tiers_evaluated = tiersEvaluated;
    if (req.explain || req.debug) {
      body.explanation = {
        summary: body.policy_reason,
        request_mode: mode,
        policies_evaluated: this.policies.length,
        policies_fired: evaluation.fired.map((p) => p.id),
        policies_enforced: outcome.enforced.map((p) => p.id),
        cedar_errors: evaluation.errors,
        principal: cedar.principal,
        action: cedar.action,
        resource: cedar.resource,
      };
      body.root_causes = buildRootCauses(evaluation.fired, outcomes);
      body.projected_context = cedar.context;
      body.context = cedar.context;
    }
    if (req.debug) {
      body.detectors = outcomes;
      if (projection) {
        body.session_delta = {
          session_id: req.session_id,
          counted: projection.counted,
          turn_count: projection.after.turnCount,
          turn_count_before: projection.before.turnCount,
          cumulative_risk: projection.after.cumulativeRisk,
          cumulative_risk_before: projection.before.cumulativeRisk,
          risk_added: projection.counted ? turnRisk(outcomes) : 0,
          tool_streak: projection.after.toolStreak,
          signals: outcomes.filter((o) => o.detected).map((o) => o.name),
          chain_head: projection.after.head,
        };
      }
    }
    body.latency_ms = round(performance.now() - started);
    return body;
  }

  /** Detection only (no policies, no session commit). */
  detect(
    req: Pick<ParsedGuardRequest, "content" | "content_type" | "tool" | "file" | "detectors"> & {
      action?: string;
    },
    requestId: string,
  ): Record<string, unknown> {
    const started = performance.now();
    const selected = new Set(req.detectors && req.detectors.length > 0 ? req.detectors : ALL_DETECTOR_NAMES);
    const input = toInput(req);
    const outcomes = [
      ...runContentTier("fast", input, selected),
      ...runContentTier("standard", input, selected),
    ];
    return {
      request_id: requestId,
      timestamp: new Date().toISOString(),
      latency_ms: round(performance.now() - started),
      detectors: outcomes,
      signals: buildSignals(outcomes),
      tiers_evaluated: ["fast", "standard"],
    };
  }

  /** `GET /v1/detectors` entries. */
  detectorInfo(): Record<string, unknown>[] {
    return [...CONTENT_DETECTORS, ...SESSION_DETECTORS].map((d) => ({
      name: d.name,
      tier: d.tier,
      status: "enabled",
      category: d.category,
      severity: d.severity,
      description: d.description,
    }));
  }
}
