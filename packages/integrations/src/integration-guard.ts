import { ConfigurationError, type Logger } from "@highflame/core";
import {
  allowed,
  blockedErrorFor,
  DecisionLog,
  type GuardRequest,
  type GuardResult,
  type Mode,
  type ToolContext,
} from "@highflame/shield";
import { SessionMessageTracker, type TrackedMessage, trailingUserIndices } from "./message-tracker.js";
import { isRecord, safeJsonParse } from "./text.js";
import {
  hashToolDefinition,
  type ToolDefinition,
  ToolDefinitionScanner,
  toolDefinitionContent,
} from "./tool-definition-scanner.js";
import type { CheckInfo, CheckKind, GuardLike, IntegrationOptions, ShieldLike } from "./types.js";

/** One guard check as an adapter describes it. */
export interface CheckRequest {
  /** What is checked. */
  kind: CheckKind;
  /** The text to evaluate (for `tool_call`, leave empty: the JSON of `toolArgs` is sent). */
  content?: string | undefined;
  /** Session id to send. Default none. */
  sessionId?: string | undefined;
  /** Tool name (tool checks). */
  toolName?: string | undefined;
  /** Tool arguments (`tool_call`). */
  toolArgs?: Record<string, unknown> | undefined;
  /** Extra tool context fields (`description`, `server_id`, …). */
  tool?: Partial<ToolContext> | undefined;
}

/** Result of a check that did not throw. */
export interface CheckOutcome {
  /** The response; `undefined` when nothing was sent (empty content). */
  response: GuardResult | undefined;
  /** Text to continue with: `redacted_content` after a `modify` decision, else the original. */
  content: string;
  /** Arguments to continue with (`tool_call`): the parsed redacted JSON after `modify`, else the originals. */
  args: Record<string, unknown> | undefined;
  /** True when `redacted_content` was substituted. */
  modified: boolean;
}

/** Outcome of one new user message guarded by {@link IntegrationGuard.guardNewUserMessages}. */
export interface MessageOutcome extends CheckOutcome {
  /** Index of the message in the history passed in. */
  index: number;
}

const WIRE: Record<CheckKind, Pick<GuardRequest, "content_type" | "action">> = {
  prompt: { content_type: "prompt", action: "process_prompt" },
  response: { content_type: "response", action: "process_prompt" },
  tool_call: { content_type: "tool_call", action: "call_tool" },
  tool_result: { content_type: "response", action: "call_tool" },
  tool_definition: { content_type: "prompt", action: "process_prompt" },
};

/**
 * The enforcement core shared by every adapter: builds the guard request for a check, applies the mode, and
 * keeps the per-session "new messages" tracker and the tool-definition scan cache.
 *
 * | decision | `enforce` / `modify` mode | `monitor` / `alert` mode |
 * |---|---|---|
 * | `allow` | proceed | proceed |
 * | `modify` | proceed with `redacted_content` | same |
 * | `deny` (or unknown) | throw `BlockedError` | proceed (logged) |
 * | `step_up` / `defer` | throw `SuspendedError` | proceed (logged) |
 *
 * What proceeds although a policy fired (an alert-mode hit, a would-block in monitor mode, a decision not
 * enforced) is logged at `warn` through one `DecisionLog` (from `@highflame/shield`) per guard: the first line of
 * each kind names the policies, reason, request and audit ids and session; repeats within `logWindowMs` are
 * summarised in one line with their count.
 */
export class IntegrationGuard {
  /** Which messages each session already had guarded. */
  readonly tracker: SessionMessageTracker;
  /** Scan results of distinct tool definitions (key: mode + definition hash). */
  readonly toolScanner: ToolDefinitionScanner<GuardResult | undefined>;
  readonly #guard: GuardLike;
  readonly #options: IntegrationOptions;
  readonly #logger: Logger | undefined;
  readonly #adapter: string;
  readonly #decisions: DecisionLog;

  constructor(shield: ShieldLike, options: IntegrationOptions = {}, adapter = "custom") {
    const guard = resolveGuard(shield);
    this.#guard = guard;
    this.#options = options;
    this.#adapter = adapter;
    this.#logger = options.logger ?? clientLogger(shield);
    const decisionLogger = this.#logger && prefixed(this.#logger, `Highflame ${adapter}: `);
    this.#decisions = new DecisionLog(() => decisionLogger, { windowMs: options.logWindowMs });
    this.tracker = new SessionMessageTracker();
    this.toolScanner = new ToolDefinitionScanner();
  }

  /** The fixed session id option, if any. */
  get sessionId(): string | undefined {
    return this.#options.sessionId;
  }

  /** Whether tool definitions are scanned (`scanToolDefinitions`, default true). */
  get scansToolDefinitions(): boolean {
    return this.#options.scanToolDefinitions !== false;
  }

  /** The logger in use (may be undefined: silent). */
  get logger(): Logger | undefined {
    return this.#logger;
  }

  /** Prints the pending summaries of repeated decision log lines now (e.g. before shutdown). */
  flushLogs(): void {
    this.#decisions.flush();
  }

  /** Mode for a session: the `mode` option (fixed or per session), default `enforce`. */
  modeFor(sessionId: string | undefined): Mode {
    const mode = this.#options.mode;
    return (typeof mode === "function" ? mode(sessionId) : mode) ?? "enforce";
  }

  /**
   * Evaluates one check and enforces the decision under the mode: throws `BlockedError` / `SuspendedError`
   * when enforcing and not allowed; otherwise returns the content (redacted after `modify`) to continue with.
   */
  async check(check: CheckRequest): Promise<CheckOutcome> {
    const mode = this.modeFor(check.sessionId);
    const request = this.#request(check, mode);
    const originalContent = check.content ?? "";
    if (!request)
      return { response: undefined, content: originalContent, args: check.toolArgs, modified: false };
    const response = await this.#evaluate(request);
    this.#enforce(response, {
      kind: check.kind,
      mode,
      sessionId: request.session_id,
      toolName: check.toolName,
      adapter: this.#adapter,
    });
    return this.#outcome(check, response, request.content);
  }

  /**
   * Guards the user messages of `messages` that are new for the session (all unseen ones when `sessionId` is
   * set, else the trailing user messages), in order, as prompts. Messages that pass (and, with a session, the
   * non-user messages) are marked seen; a blocked one throws and stays unseen.
   */
  async guardNewUserMessages(
    sessionId: string | undefined,
    messages: readonly TrackedMessage[],
  ): Promise<MessageOutcome[]> {
    const indices = sessionId ? this.tracker.unseen(sessionId, messages) : trailingUserIndices(messages);
    const outcomes: MessageOutcome[] = [];
    for (const index of indices) {
      const message = messages[index]!;
      if (message.role !== "user" || message.text.trim() === "") {
        if (sessionId) this.tracker.markSeen(sessionId, message, index);
        continue;
      }
      const outcome = await this.check({ kind: "prompt", content: message.text, sessionId });
      if (sessionId) {
        this.tracker.markSeen(sessionId, message, index);
        if (outcome.modified) this.tracker.markSeen(sessionId, { ...message, text: outcome.content }, index);
      }
      outcomes.push({ ...outcome, index });
    }
    return outcomes;
  }

  /**
   * Scans tool definitions for poisoning, each distinct definition (by hash, per mode) once for the lifetime of
   * this adapter; remembered results are enforced again on every call (a poisoned definition keeps blocking
   * without another request). No `session_id` is sent: the scan is shared across sessions.
   */
  async scanToolDefinitions(definitions: readonly ToolDefinition[], sessionId?: string): Promise<void> {
    if (!this.scansToolDefinitions || definitions.length === 0) return;
    const mode = this.modeFor(sessionId);
    const scans = definitions.map(async (definition) => {
      const key = `${mode}:${hashToolDefinition(definition)}`;
      const response = await this.toolScanner.scanOnce(key, async () => {
        const request = this.#request(
          {
            kind: "tool_definition",
            content: toolDefinitionContent(definition),
            toolName: definition.name,
            ...(definition.description ? { tool: { description: definition.description } } : {}),
          },
          mode,
        );
        return request ? this.#evaluate(request) : undefined;
      });
      return { definition, response };
    });
    for (const { definition, response } of await Promise.all(scans)) {
      if (!response) continue;
      this.#enforce(response, {
        kind: "tool_definition",
        mode,
        sessionId: undefined,
        toolName: definition.name,
        adapter: this.#adapter,
      });
    }
  }

  #request(check: CheckRequest, mode: Mode): GuardRequest | undefined {
    const extras = this.#options.request ?? {};
    const content = check.kind === "tool_call" ? toolJson(check.toolArgs ?? {}) : (check.content ?? "");
    if (content.trim() === "") return undefined;
    const toolName = check.toolName;
    let tool: ToolContext | undefined;
    if (toolName) {
      tool = { ...extras.tool, ...check.tool, name: toolName };
      if (check.kind === "tool_call") tool.arguments = check.toolArgs ?? {};
    }
    return {
      ...extras,
      ...WIRE[check.kind],
      content,
      mode,
      ...(check.sessionId ? { session_id: check.sessionId } : {}),
      ...(tool ? { tool } : {}),
      metadata: { ...extras.metadata, integration: this.#adapter, check: check.kind },
    };
  }

  #evaluate(request: GuardRequest): Promise<GuardResult> {
    const failMode = this.#options.failMode;
    return this.#guard.evaluate(request, { ...this.#options.callOptions, ...(failMode ? { failMode } : {}) });
  }

  #enforce(response: GuardResult, info: CheckInfo): void {
    this.#options.onDecision?.(response, info);
    const enforcing = info.mode === "enforce" || info.mode === "modify";
    if (!allowed(response) && enforcing) throw blockedErrorFor(response);
    const wire = WIRE[info.kind];
    this.#decisions.record({
      response,
      mode: info.mode,
      sessionId: info.sessionId,
      contentType: wire.content_type,
      action: wire.action,
      subject: info.toolName ? `${info.kind} (${info.toolName})` : info.kind,
    });
  }

  #outcome(check: CheckRequest, response: GuardResult, sent: string): CheckOutcome {
    const original = check.kind === "tool_call" ? sent : (check.content ?? "");
    const redacted = response.decision === "modify" ? response.redacted_content : undefined;
    if (typeof redacted !== "string") {
      return { response, content: original, args: check.toolArgs, modified: false };
    }
    if (check.kind !== "tool_call")
      return { response, content: redacted, args: check.toolArgs, modified: true };
    const parsed = safeJsonParse(redacted);
    if (isRecord(parsed)) return { response, content: redacted, args: parsed, modified: true };
    this.#logger?.warn(
      `Highflame ${this.#adapter}: modify decision: redacted tool arguments are not a JSON object; kept the originals`,
    );
    return { response, content: original, args: check.toolArgs, modified: false };
  }
}

function toolJson(args: Record<string, unknown>): string {
  try {
    return JSON.stringify(args) ?? "{}";
  } catch {
    return "{}";
  }
}

/** `logger` with `prefix` before every message (the arguments pass through). */
function prefixed(logger: Logger, prefix: string): Logger {
  return {
    debug: (message, ...args) => logger.debug(prefix + message, ...args),
    info: (message, ...args) => logger.info(prefix + message, ...args),
    warn: (message, ...args) => logger.warn(prefix + message, ...args),
    error: (message, ...args) => (logger.error ?? logger.warn).call(logger, prefix + message, ...args),
  };
}

function clientLogger(shield: ShieldLike): Logger | undefined {
  const logger = (shield as { logger?: unknown }).logger;
  return isRecord(logger) && typeof logger.warn === "function" ? (logger as unknown as Logger) : undefined;
}

/** The `guard` of a Shield-like value; `ConfigurationError` when it has none. */
export function resolveGuard(shield: ShieldLike): GuardLike {
  if (shield && typeof (shield as GuardLike).evaluate === "function") return shield as GuardLike;
  const guard = (shield as { guard?: GuardLike } | undefined)?.guard;
  if (guard && typeof guard.evaluate === "function") return guard;
  throw new ConfigurationError(
    "Highflame integrations need a Shield client (ShieldClient, Highflame, or client.guard) with guard.evaluate",
    { option: "client" },
  );
}
