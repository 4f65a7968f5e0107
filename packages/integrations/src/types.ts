import type { Logger } from "@highflame/core";
import type {
  FailMode,
  GuardCallOptions,
  GuardRequest,
  GuardRequestExtras,
  GuardResult,
  Mode,
} from "@highflame/shield";

/** The part of `client.guard` the adapters use: `evaluate` (a `GuardResource` satisfies it). */
export interface GuardLike {
  /** Evaluates one guard request (see `GuardResource.evaluate`). */
  evaluate(request: GuardRequest, options?: GuardCallOptions): Promise<GuardResult>;
}

/** A `ShieldClient` / `Highflame`-like object exposing `guard` (and optionally its logger). */
export interface GuardClientLike {
  guard: GuardLike;
  logger?: Logger | undefined;
}

/** What every adapter accepts as its Shield: the `guard` resource, or a client with `.guard`. */
export type ShieldLike = GuardLike | GuardClientLike;

/** What a check guards; decides `content_type` / `action` of the request. */
export type CheckKind = "prompt" | "response" | "tool_call" | "tool_result" | "tool_definition";

/** Passed to `onDecision` with every response (including degraded ones), before enforcement. */
export interface CheckInfo {
  /** What was checked. */
  kind: CheckKind;
  /** Mode the request was sent with. */
  mode: Mode;
  /** Session id sent (`session_id`), if any. */
  sessionId: string | undefined;
  /** Tool name for tool checks. */
  toolName?: string | undefined;
  /** Which adapter ran the check (`langchain`, `strands`, `foundry`, `ai-sdk`, …, or `custom`). */
  adapter: string;
}

/** A mode fixed at construction, or chosen per session (e.g. with `rollout()` from `@highflame/shield`). */
export type ModeOption = Mode | ((sessionId: string | undefined) => Mode);

/** Options every adapter accepts. */
export interface IntegrationOptions {
  /**
   * Enforcement mode. `enforce` (and `modify`) throw `BlockedError` on a deny and `SuspendedError` on
   * `step_up`/`defer`; `monitor` and `alert` never throw. A `modify` decision substitutes `redacted_content` in
   * every mode. Default `enforce`.
   */
  mode?: ModeOption | undefined;
  /** Outage behaviour of the guard calls (`open`: degraded allow; `closed`: throw). Default: the client's (`closed`). */
  failMode?: FailMode | undefined;
  /** Fixed session id (`session_id`) for every check. Default: resolved per adapter, else none. */
  sessionId?: string | undefined;
  /** Logger for adapter messages (non-enforced decisions, alerts). Default: the client's logger, else silent. */
  logger?: Logger | undefined;
  /**
   * Window in which repeats of one decision log line (same mode, decision, policies and check) are counted, then
   * summarised in one line with their count, ms. Default 60 000; 0 prints every line. A negative or non-finite
   * value is a `ConfigurationError` at construction.
   */
  logWindowMs?: number | undefined;
  /** Extra request fields on every check (`metadata`, `product`, `detectors`, `model`, …). Default none. */
  request?: GuardRequestExtras | undefined;
  /** Called with every response before enforcement (use it for alerting). Default none. */
  onDecision?: ((response: GuardResult, info: CheckInfo) => void) | undefined;
  /**
   * Scan tool definitions (name, description, parameter schema) for poisoning, once per distinct definition
   * (hash-deduplicated per adapter instance). Default `true` where the framework exposes definitions.
   */
  scanToolDefinitions?: boolean | undefined;
  /** Per-call request options of the guard calls (`timeout`, `maxRetries`, `deadline`, `headers`). Default none. */
  callOptions?: Omit<GuardCallOptions, "failMode" | "signal"> | undefined;
}
