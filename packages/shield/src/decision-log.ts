import { ConfigurationError, type Logger } from "@highflame/core";
import { alerted, allowed, policyReason, wouldBlock } from "./decisions.js";
import type { GuardResult } from "./resources/guard.js";
import type { Action, ContentType, Mode } from "./wire/enums.js";

/** Default window in which repeats of one log line are counted instead of printed: 60 s. */
export const DECISION_LOG_WINDOW_MS = 60_000;
/** Distinct kinds of line tracked at once (older ones are summarised and dropped): 256. */
const MAX_KEYS = 256;
/** Session ids named in a summary line. */
const MAX_SESSIONS = 5;
/** Longest reason quoted in a line (server text). */
const MAX_REASON = 200;
/** Longest subject named in a line (caller text, e.g. a tool name an MCP server chose). */
const MAX_SUBJECT = 120;

/** What a wrapper saw for one guard check, as far as logging goes. */
export interface DecisionLogInput {
  /** The guard response the check received. */
  response: GuardResult;
  /** Mode the check ran in. */
  mode: Mode;
  /** Session id of the check, if any (named in lines and summaries). */
  sessionId: string | undefined;
  /** Content type of the check. */
  contentType: ContentType;
  /** Action of the check. */
  action: Action;
  /**
   * What was checked, as the caller names it (e.g. `tool_call (search)`), appended to the line's kind as
   * `on <subject>`; checks of different subjects are counted separately. Default none.
   */
  subject?: string | undefined;
}

interface Pending {
  /** Repeats since the last printed line. */
  count: number;
  sessions: Set<string>;
  extraSessions: number;
  windowEnds: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  header: string;
}

/**
 * Logs what monitor/alert modes let through, usefully and without flooding: the first line of each kind (mode,
 * decision, determining policies, subject) carries the policy ids, the reason, the request and audit ids and the
 * session; repeats within {@link DECISION_LOG_WINDOW_MS} are counted and reported in one summary line when the
 * window closes (with up to 5 of the sessions involved). Memory is bounded (at most 256 kinds at once). `Shield`
 * wrappers use one per `Shield`; the framework adapters one per `IntegrationGuard`.
 *
 * @example
 * const decisions = new DecisionLog(() => client.logger, { windowMs: 30_000 });
 * decisions.record({ response, mode: "alert", sessionId, contentType: "prompt", action: "process_prompt" });
 */
export class DecisionLog {
  readonly #logger: () => Logger | undefined;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #pending = new Map<string, Pending>();

  /**
   * @param logger - Where lines go, read at each line (so a client's logger can change); `undefined` is silent.
   * @param options - `windowMs`: repeat window, ms (default 60 000; 0 prints every line); `now`: clock in epoch
   * ms (default `Date.now`).
   * @throws ConfigurationError (option `logWindowMs`) when `windowMs` is negative or not a finite number.
   */
  constructor(
    logger: () => Logger | undefined,
    options: { windowMs?: number | undefined; now?: (() => number) | undefined } = {},
  ) {
    const windowMs = options.windowMs ?? DECISION_LOG_WINDOW_MS;
    if (typeof windowMs !== "number" || !Number.isFinite(windowMs) || windowMs < 0) {
      throw new ConfigurationError(
        `logWindowMs must be a finite number of milliseconds >= 0 (got ${String(windowMs)})`,
        { option: "logWindowMs" },
      );
    }
    this.#logger = logger;
    this.#windowMs = windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Logs (or counts) a check that proceeded although a policy fired or would have blocked. */
  record(input: DecisionLogInput): void {
    const { response, mode } = input;
    const notEnforced = !allowed(response);
    const fired = alerted(response);
    const would = wouldBlock(response);
    if (!notEnforced && !fired && !would) return;
    const policies = policyIds(response);
    const actual = would ? `, actual decision "${response.actual_decision}"` : "";
    const what = notEnforced
      ? `decision "${response.decision}" not enforced`
      : fired
        ? `policy fired (decision "${response.decision}"${actual})`
        : `would have blocked (actual decision "${response.actual_decision}")`;
    const subject = input.subject ? ` on ${printable(input.subject, MAX_SUBJECT)}` : "";
    const header = `${mode} mode: ${what}${subject}`;
    const key = `${header}|${policies.join(",")}`;
    const now = this.#now();
    const pending = this.#pending.get(key);
    if (pending && now < pending.windowEnds) {
      pending.count++;
      if (input.sessionId) {
        if (pending.sessions.has(input.sessionId) || pending.sessions.size < MAX_SESSIONS)
          pending.sessions.add(input.sessionId);
        else pending.extraSessions++;
      }
      pending.timer ??= unrefTimer(() => this.#flush(key), pending.windowEnds - now);
      return;
    }
    if (pending) this.#flush(key);
    this.#evictIfFull();
    this.#logger()?.warn(`${header} ${details(input, policies)}`);
    this.#pending.set(key, {
      count: 0,
      sessions: new Set(),
      extraSessions: 0,
      windowEnds: now + this.#windowMs,
      timer: undefined,
      header: `${header}${policies.length > 0 ? ` (policies: ${policies.join(", ")})` : ""}`,
    });
  }

  /** Prints every pending summary now (e.g. before shutdown). */
  flush(): void {
    for (const key of [...this.#pending.keys()]) this.#flush(key);
  }

  #flush(key: string): void {
    const pending = this.#pending.get(key);
    if (!pending) return;
    this.#pending.delete(key);
    if (pending.timer) clearTimeout(pending.timer);
    if (pending.count === 0) return;
    const sessions = [...pending.sessions];
    const more = pending.extraSessions > 0 ? `, +${pending.extraSessions} more` : "";
    const named = sessions.length > 0 ? `; sessions: ${sessions.join(", ")}${more}` : "";
    const window = this.#windowMs >= 1000 ? `${Math.round(this.#windowMs / 1000)} s` : `${this.#windowMs} ms`;
    this.#logger()?.warn(
      `${pending.header}: ${pending.count} more time${pending.count === 1 ? "" : "s"} in ${window}${named}`,
    );
  }

  #evictIfFull(): void {
    if (this.#pending.size < MAX_KEYS) return;
    const oldest = this.#pending.keys().next().value;
    if (oldest !== undefined) this.#flush(oldest);
  }
}

function policyIds(response: GuardResult): string[] {
  const ids = new Set<string>();
  for (const policy of response.determining_policies ?? []) if (policy.id) ids.add(policy.id);
  for (const cause of response.root_causes ?? []) if (cause.policy_id) ids.add(cause.policy_id);
  return [...ids].sort();
}

function details(input: DecisionLogInput, policies: string[]): string {
  const reason = policyReason(input.response);
  const parts = [
    `policies: ${policies.length > 0 ? policies.join(", ") : "(none reported)"}`,
    ...(reason ? [`reason: ${JSON.stringify(reason.slice(0, MAX_REASON))}`] : []),
    ...(input.response.request_id ? [`request_id: ${input.response.request_id}`] : []),
    ...(input.response.audit_id ? [`audit_id: ${input.response.audit_id}`] : []),
    ...(input.sessionId ? [`session: ${input.sessionId}`] : []),
    `${input.contentType}/${input.action}`,
  ];
  return `(${parts.join("; ")})`;
}

/** `text` cut to `max` characters, with control characters (line breaks included) shown as `?`. */
function printable(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function unrefTimer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, Math.max(0, ms));
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
