import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage } from "../messages.js";
import { resolveSessionId } from "../session-id.js";
import { asText, isRecord, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";

/** A chat message in a CrewAI LLM-call context (mutable: hooks may rewrite `content` in place). */
export interface CrewMessage {
  role: string;
  content?: unknown;
  [key: string]: unknown;
}

/** Context of `before/after LLM call` hooks (CrewAI `LLMCallHookContext`; snake_case fields also read). */
export interface CrewLlmCallContext {
  /** The conversation sent to the LLM; mutable. */
  messages: CrewMessage[];
  /** The LLM output (after hooks). */
  response?: unknown;
  /** Tools offered to the LLM, when the registry exposes them. */
  tools?: readonly unknown[] | undefined;
  agent?: unknown;
  task?: unknown;
  crew?: unknown;
  /** Session id carried by the context (also read as `session_id`). */
  sessionId?: string | undefined;
  [key: string]: unknown;
}

/** Context of `before/after tool call` hooks (CrewAI `ToolCallHookContext`; snake_case fields also read). */
export interface CrewToolCallContext {
  /** Tool name (also read as `tool_name`). */
  toolName?: string | undefined;
  /** Tool input; mutable (also read as `tool_input`). */
  toolInput?: Record<string, unknown> | undefined;
  /** Tool output (after hooks; also read as `tool_result`). */
  toolResult?: unknown;
  tool?: unknown;
  agent?: unknown;
  task?: unknown;
  crew?: unknown;
  sessionId?: string | undefined;
  [key: string]: unknown;
}

/** A before-hook: returns `false` to block (CrewAI convention); these hooks throw instead. */
export type CrewBeforeHook<C> = (context: C) => unknown;
/** An after-hook: returns a replacement result (string) or `undefined` to keep it. */
export type CrewAfterHook<C> = (context: C) => unknown;

/** The hooks-registry interface `register()` needs (any object with these four methods). */
export interface CrewHooksRegistry {
  registerBeforeLlmCallHook(hook: CrewBeforeHook<CrewLlmCallContext>): unknown;
  registerAfterLlmCallHook(hook: CrewAfterHook<CrewLlmCallContext>): unknown;
  registerBeforeToolCallHook(hook: CrewBeforeHook<CrewToolCallContext>): unknown;
  registerAfterToolCallHook(hook: CrewAfterHook<CrewToolCallContext>): unknown;
}

/** Options of {@link HighflameCrewHooks}. */
export interface HighflameCrewHooksOptions extends Omit<IntegrationOptions, "sessionId"> {
  /** Session id, fixed or derived from the hook context. Default: the context's `sessionId`/`session_id`, else none. */
  sessionId?:
    | string
    | ((context: CrewLlmCallContext | CrewToolCallContext) => string | undefined)
    | undefined;
}

function field(context: Record<string, unknown>, camel: string, snake: string): unknown {
  return context[camel] !== undefined ? context[camel] : context[snake];
}

/**
 * CrewAI-style hooks: `new HighflameCrewHooks(client).register(registry)` guards every LLM call (new user
 * messages before, the output after) and every tool execution (arguments before, result after). In `enforce`
 * mode a block throws `BlockedError` / `SuspendedError` from the hook; `monitor`/`alert` never throw. A `modify`
 * decision rewrites the message / tool input in place, or returns the redacted output from after-hooks.
 */
export class HighflameCrewHooks {
  /** The shared enforcement core. */
  readonly guard: IntegrationGuard;
  readonly #options: HighflameCrewHooksOptions;

  constructor(client: ShieldLike, options: HighflameCrewHooksOptions = {}) {
    const { sessionId: _sessionId, ...rest } = options;
    this.guard = new IntegrationGuard(client, rest, "crewai");
    this.#options = options;
  }

  /** Registers the four hooks on `registry`; returns `this`. */
  register(registry: CrewHooksRegistry): this {
    registry.registerBeforeLlmCallHook(this.beforeLlmCall);
    registry.registerAfterLlmCallHook(this.afterLlmCall);
    registry.registerBeforeToolCallHook(this.beforeToolCall);
    registry.registerAfterToolCallHook(this.afterToolCall);
    return this;
  }

  /** Session id of a hook context. */
  sessionIdFor(context: CrewLlmCallContext | CrewToolCallContext): string | undefined {
    const option = this.#options.sessionId;
    return resolveSessionId(typeof option === "function" ? () => option(context) : option, () =>
      field(context, "sessionId", "session_id"),
    );
  }

  /** Scans offered tools, then guards the new user messages; redacts them in place after `modify`. */
  beforeLlmCall = async (context: CrewLlmCallContext): Promise<undefined> => {
    const sessionId = this.sessionIdFor(context);
    if (context.tools) await this.guard.scanToolDefinitions(toToolDefinitions(context.tools), sessionId);
    const messages = context.messages ?? [];
    const outcomes = await this.guard.guardNewUserMessages(sessionId, messages.map(toTrackedMessage));
    for (const outcome of outcomes) {
      const message = messages[outcome.index];
      if (outcome.modified && message) message.content = replaceContentText(message.content, outcome.content);
    }
    return undefined;
  };

  /** Guards the LLM output; returns the redacted text after `modify`, else `undefined` (keep). */
  afterLlmCall = async (context: CrewLlmCallContext): Promise<string | undefined> => {
    const text = asText(context.response);
    const outcome = await this.guard.check({
      kind: "response",
      content: text,
      sessionId: this.sessionIdFor(context),
    });
    return outcome.modified ? outcome.content : undefined;
  };

  /** Guards the tool call; rewrites the tool input in place after `modify`. */
  beforeToolCall = async (context: CrewToolCallContext): Promise<undefined> => {
    const name = String(field(context, "toolName", "tool_name") ?? "tool");
    const input = field(context, "toolInput", "tool_input");
    const outcome = await this.guard.check({
      kind: "tool_call",
      toolName: name,
      toolArgs: toArgs(input),
      sessionId: this.sessionIdFor(context),
    });
    if (outcome.modified && outcome.args && isRecord(input)) {
      for (const key of Object.keys(input)) delete input[key];
      Object.assign(input, outcome.args);
    }
    return undefined;
  };

  /** Guards the tool result; returns the redacted text after `modify`, else `undefined` (keep). */
  afterToolCall = async (context: CrewToolCallContext): Promise<string | undefined> => {
    const name = String(field(context, "toolName", "tool_name") ?? "tool");
    const text = asText(field(context, "toolResult", "tool_result"));
    const outcome = await this.guard.check({
      kind: "tool_result",
      content: text,
      toolName: name,
      sessionId: this.sessionIdFor(context),
    });
    return outcome.modified ? outcome.content : undefined;
  };
}
