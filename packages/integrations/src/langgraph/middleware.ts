import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage, withContent } from "../messages.js";
import { readStateKey, resolveSessionId, threadIdOf } from "../session-id.js";
import { contentText, isRecord, replaceContentText, toArgs } from "../text.js";
import type { ToolDefinition } from "../tool-definition-scanner.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";

/** A LangChain/LangGraph message as the middleware reads it (`BaseMessage` or a plain `{role, content}`). */
export interface LangGraphMessage {
  id?: string | undefined;
  content?: unknown;
}

/** Agent state: `messages` plus any other keys (the session id may live in one). */
export interface LangGraphState {
  messages?: readonly unknown[] | undefined;
  [key: string]: unknown;
}

/** The agent runtime passed to hooks; only config-like fields are read. */
export interface LangGraphRuntime {
  configurable?: Record<string, unknown> | undefined;
  config?: { configurable?: Record<string, unknown> | undefined } | undefined;
  context?: unknown;
  threadId?: string | undefined;
  thread_id?: string | undefined;
}

/** A tool call as `wrapToolCall` receives it. */
export interface LangGraphToolCall {
  id?: string | undefined;
  name: string;
  args?: unknown;
}

/** `wrapToolCall` request: the tool call plus state and runtime. */
export interface LangGraphToolCallRequest {
  toolCall: LangGraphToolCall;
  tool?: unknown;
  state?: LangGraphState | undefined;
  runtime?: LangGraphRuntime | undefined;
}

/** `wrapModelCall` request: the model call with its tools (only `tools`, `state` and `runtime` are read). */
export interface LangGraphModelRequest {
  tools?: readonly unknown[] | undefined;
  state?: LangGraphState | undefined;
  runtime?: LangGraphRuntime | undefined;
}

/** Options of {@link HighflameMiddleware}. */
export interface HighflameMiddlewareOptions extends IntegrationOptions {
  /** State key holding the session id (dotted paths allowed). Default `"session_id"`. */
  sessionIdKey?: string | undefined;
  /**
   * Returns the current runnable config — pass `getConfig` from `@langchain/langgraph` so the `thread_id` of the
   * running graph (kept in AsyncLocalStorage) becomes the session id. Default none.
   */
  getConfig?: (() => unknown) | undefined;
  /** Middleware name (LangChain requires unique names). Default `"HighflameMiddleware"`. */
  name?: string | undefined;
}

/**
 * LangChain / LangGraph agent middleware (`createAgent({ middleware: [new HighflameMiddleware(client)] })`):
 *
 * - `beforeModel`: guards the user messages that are new for the session as prompts (`prompt` /
 *   `process_prompt`); a `modify` decision replaces the message (same `id`, so the reducer swaps it).
 * - `wrapModelCall`: scans each distinct tool definition offered to the model once (hash-deduplicated).
 * - `afterModel`: guards the text of the last AI message as `response` / `process_prompt`.
 * - `wrapToolCall`: guards the call (`tool_call` / `call_tool`, name + arguments) before it runs, then the
 *   tool's output (`response` / `call_tool`).
 *
 * Session id: the `sessionId` option → state key `sessionIdKey` → `thread_id` from `getConfig()` → the
 * runtime's `thread_id` → none. In `enforce` mode a deny throws `BlockedError`, `step_up`/`defer` throw
 * `SuspendedError`; `monitor`/`alert` never throw.
 */
export class HighflameMiddleware {
  /** Middleware name. */
  readonly name: string;
  /** The shared enforcement core (tracker, tool-definition cache). */
  readonly guard: IntegrationGuard;
  readonly #options: HighflameMiddlewareOptions;

  constructor(client: ShieldLike, options: HighflameMiddlewareOptions = {}) {
    this.guard = new IntegrationGuard(client, options, "langgraph");
    this.#options = options;
    this.name = options.name ?? "HighflameMiddleware";
  }

  /** The session id for a hook call (see the class description for the order). */
  sessionIdFor(state: LangGraphState | undefined, runtime: LangGraphRuntime | undefined): string | undefined {
    const key = this.#options.sessionIdKey ?? "session_id";
    return resolveSessionId(
      this.#options.sessionId,
      () => readStateKey(state, key),
      () => (this.#options.getConfig ? threadIdOf(this.#options.getConfig()) : undefined),
      () => threadIdOf(runtime) ?? threadIdOf(runtime?.config),
      () => runtime?.threadId ?? runtime?.thread_id,
    );
  }

  /** Guards new user messages; returns a state update replacing redacted messages, else `undefined`. */
  beforeModel = async (
    state: LangGraphState,
    runtime?: LangGraphRuntime,
  ): Promise<{ messages: unknown[] } | undefined> => {
    const messages = state?.messages ?? [];
    const sessionId = this.sessionIdFor(state, runtime);
    const outcomes = await this.guard.guardNewUserMessages(sessionId, messages.map(toTrackedMessage));
    const replaced: unknown[] = [];
    for (const outcome of outcomes) {
      if (!outcome.modified) continue;
      const original = messages[outcome.index] as LangGraphMessage;
      const updated = withContent(original, replaceContentText(original?.content, outcome.content));
      if (isRecord(original) && typeof original.id === "string") {
        replaced.push(updated);
      } else if (isRecord(original)) {
        original.content = (updated as LangGraphMessage).content; // no id: the reducer cannot swap it
      }
    }
    return replaced.length > 0 ? { messages: replaced } : undefined;
  };

  /** Guards the last AI message's text; returns a state update with the redacted message after `modify`. */
  afterModel = async (
    state: LangGraphState,
    runtime?: LangGraphRuntime,
  ): Promise<{ messages: unknown[] } | undefined> => {
    const messages = state?.messages ?? [];
    const last = messages[messages.length - 1] as LangGraphMessage | undefined;
    if (!last || toTrackedMessage(last).role !== "assistant") return undefined;
    const text = contentText(last.content);
    const outcome = await this.guard.check({
      kind: "response",
      content: text,
      sessionId: this.sessionIdFor(state, runtime),
    });
    if (!outcome.modified) return undefined;
    const updated = withContent(last, replaceContentText(last.content, outcome.content));
    if (typeof last.id === "string") return { messages: [updated] };
    last.content = (updated as LangGraphMessage).content;
    return undefined;
  };

  /** Scans the tool definitions offered to the model (once per distinct definition), then calls the model. */
  wrapModelCall = async <Q extends LangGraphModelRequest, R>(
    request: Q,
    handler: (request: Q) => R | Promise<R>,
  ): Promise<R> => {
    const definitions: ToolDefinition[] = toToolDefinitions(request?.tools ?? []);
    await this.guard.scanToolDefinitions(definitions, this.sessionIdFor(request?.state, request?.runtime));
    return handler(request);
  };

  /** Guards the tool call before it runs and its output after. */
  wrapToolCall = async <Q extends LangGraphToolCallRequest, R>(
    request: Q,
    handler: (request: Q) => R | Promise<R>,
  ): Promise<R> => {
    const call = request.toolCall;
    const sessionId = this.sessionIdFor(request.state, request.runtime);
    const args = toArgs(call.args);
    const before = await this.guard.check({
      kind: "tool_call",
      toolName: call.name,
      toolArgs: args,
      sessionId,
    });
    const next = before.modified ? ({ ...request, toolCall: { ...call, args: before.args } } as Q) : request;
    const result = await handler(next);
    if (!isRecord(result) || !("content" in result)) return result; // e.g. a Command
    const text = contentText(result.content);
    const after = await this.guard.check({
      kind: "tool_result",
      content: text,
      toolName: call.name,
      sessionId,
    });
    return after.modified ? withContent(result, replaceContentText(result.content, after.content)) : result;
  };
}
