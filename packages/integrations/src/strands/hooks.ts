import { ConfigurationError } from "@highflame/core";
import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage } from "../messages.js";
import { readStateKey, resolveSessionId } from "../session-id.js";
import { asText, cloneWith, contentText, isRecord, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";

/** An event class (or any key) a Strands hook registry dispatches on. */
// biome-ignore lint/suspicious/noExplicitAny: event classes have framework-specific constructor signatures.
export type StrandsEventType = abstract new (...args: any[]) => unknown;

/** The event classes the hooks subscribe to (the exports of `@strands-agents/sdk` with these names). */
export interface StrandsEventClasses {
  BeforeInvocationEvent: StrandsEventType;
  AfterModelCallEvent: StrandsEventType;
  BeforeToolCallEvent: StrandsEventType;
  AfterToolCallEvent: StrandsEventType;
  /**
   * Fired before every model call, after the invocation's user messages were appended (the TS SDK appends them
   * after `BeforeInvocationEvent`). Optional; when present the new user messages are guarded here too.
   */
  BeforeModelCallEvent?: StrandsEventType | undefined;
}

/** A Strands `HookRegistry`: `addCallback(EventClass, callback)`. */
export interface StrandsHookRegistry {
  // biome-ignore lint/suspicious/noExplicitAny: callbacks receive the framework's event instances.
  addCallback(eventType: StrandsEventType, callback: (event: any) => unknown): unknown;
}

/** A Strands message: `{role, content: ContentBlock[]}`. */
export interface StrandsMessage {
  role: string;
  content: unknown;
  [key: string]: unknown;
}

/** The agent as events expose it: its conversation, state and tools. */
export interface StrandsAgent {
  messages?: StrandsMessage[] | undefined;
  /** Application state (`StateStore` with `get(key)`). */
  appState?: unknown;
  /** State of older SDK versions (`AgentState`). */
  state?: unknown;
  /** The agent's session id (session manager's, else a random id per agent instance). */
  sessionId?: string | undefined;
  /** Tool list, when exposed; definitions are scanned once each. */
  tools?: unknown;
  [key: string]: unknown;
}

/** `BeforeModelCallEvent`: set `cancel` to stop the model call. */
export interface StrandsBeforeModelCallEvent {
  agent?: StrandsAgent | undefined;
  cancel?: string | boolean | undefined;
  invocationState?: Record<string, unknown> | undefined;
}

/** An agent that accepts hooks directly (`agent.addHook(EventClass, callback)`), for plugin use. */
export interface StrandsHookableAgent {
  // biome-ignore lint/suspicious/noExplicitAny: callbacks receive the framework's event instances.
  addHook(eventType: StrandsEventType, callback: (event: any) => unknown): unknown;
}

/** `BeforeInvocationEvent`. */
export interface StrandsBeforeInvocationEvent {
  agent?: StrandsAgent | undefined;
  /** New input messages (Python-style); else `agent.messages` is read. */
  messages?: StrandsMessage[] | undefined;
  cancel?: string | boolean | undefined;
  invocationState?: Record<string, unknown> | undefined;
}

/** `AfterModelCallEvent`. */
export interface StrandsAfterModelCallEvent {
  agent?: StrandsAgent | undefined;
  stopData?: { message?: StrandsMessage | undefined; stopReason?: string | undefined } | undefined;
  invocationState?: Record<string, unknown> | undefined;
}

/** `BeforeToolCallEvent`: set `cancel` to stop the tool. */
export interface StrandsBeforeToolCallEvent {
  agent?: StrandsAgent | undefined;
  toolUse: { name: string; toolUseId?: string | undefined; input?: unknown };
  cancel?: string | boolean | undefined;
  invocationState?: Record<string, unknown> | undefined;
}

/** `AfterToolCallEvent`: `result` may be rewritten. */
export interface StrandsAfterToolCallEvent {
  agent?: StrandsAgent | undefined;
  toolUse: { name: string; toolUseId?: string | undefined; input?: unknown };
  result?: { toolUseId?: string | undefined; status?: string | undefined; content?: unknown } | undefined;
  invocationState?: Record<string, unknown> | undefined;
}

/** Options of {@link HighflameStrandsHooks}. */
export interface HighflameStrandsHooksOptions extends IntegrationOptions {
  /** Key of the session id in `agent.appState` / `agent.state` / `invocationState`. Default `"session_id"`. */
  sessionIdKey?: string | undefined;
  /** Event classes to subscribe to. Default: loaded from `@strands-agents/sdk` on `registerHooks()`. */
  events?: StrandsEventClasses | undefined;
}

const PEER = "@strands-agents/sdk";

/**
 * AWS Strands Agents hooks: `await new HighflameStrandsHooks(client).registerHooks(registry)`, or as a plugin
 * (`new Agent({ plugins: [hooks] })`, which calls {@link initAgent}).
 *
 * - before invocation and before each model call: the user messages new for the session (prompt); a `modify`
 *   decision rewrites them in place. (The TS SDK appends the invocation's prompt after `BeforeInvocationEvent`,
 *   so it is caught before the first model call; a block there sets `event.cancel` and throws.)
 * - after model call: the model's message text (response).
 * - before tool call: name + input (tool_call); on a block the tool is cancelled (`event.cancel`) and then the
 *   `BlockedError` / `SuspendedError` is thrown.
 * - after tool call: the tool result (response / call_tool); `modify` rewrites `event.result`.
 *
 * Session id: `sessionId` option → `agent.appState` / `agent.state` key `sessionIdKey` →
 * `invocationState[sessionIdKey]` → `agent.sessionId` → none.
 */
export class HighflameStrandsHooks {
  /** Plugin name. */
  readonly name = "highflame:shield";
  /** The shared enforcement core. */
  readonly guard: IntegrationGuard;
  readonly #options: HighflameStrandsHooksOptions;

  constructor(client: ShieldLike, options: HighflameStrandsHooksOptions = {}) {
    this.guard = new IntegrationGuard(client, options, "strands");
    this.#options = options;
  }

  /** Strands `Plugin` entry point: subscribes through `agent.addHook` (event classes as in {@link registerHooks}). */
  async initAgent(agent: StrandsHookableAgent): Promise<void> {
    await this.registerHooks({ addCallback: (type, callback) => agent.addHook(type, callback) });
  }

  /**
   * Subscribes to the four events. Loads the event classes from `@strands-agents/sdk` unless `events` was given
   * (here or in the options); throws `ConfigurationError` when neither is available.
   */
  async registerHooks(registry: StrandsHookRegistry, events?: StrandsEventClasses): Promise<void> {
    this.registerCallbacks(registry, events ?? this.#options.events ?? (await loadPeerEvents()));
  }

  /** Synchronous variant (the Strands `HookProvider` interface) for when the event classes are known. */
  registerCallbacks(registry: StrandsHookRegistry, events = this.#options.events): void {
    if (!events) {
      throw new ConfigurationError(
        "HighflameStrandsHooks.registerCallbacks needs the Strands event classes: pass options.events or use registerHooks()",
        { option: "events" },
      );
    }
    registry.addCallback(events.BeforeInvocationEvent, this.beforeInvocation);
    if (events.BeforeModelCallEvent) registry.addCallback(events.BeforeModelCallEvent, this.beforeModelCall);
    registry.addCallback(events.AfterModelCallEvent, this.afterModelCall);
    registry.addCallback(events.BeforeToolCallEvent, this.beforeToolCall);
    registry.addCallback(events.AfterToolCallEvent, this.afterToolCall);
  }

  /** Session id of an event. */
  sessionIdFor(event: { agent?: StrandsAgent | undefined; invocationState?: unknown }): string | undefined {
    const key = this.#options.sessionIdKey ?? "session_id";
    return resolveSessionId(
      this.#options.sessionId,
      () => readStateKey(event.agent?.appState, key),
      () => readStateKey(event.agent?.state, key),
      () => readStateKey(event.invocationState, key),
      () => event.agent?.sessionId,
    );
  }

  /** Scans the agent's tool definitions (once each) and guards the new user messages. */
  beforeInvocation = async (event: StrandsBeforeInvocationEvent): Promise<void> => {
    const sessionId = this.sessionIdFor(event);
    const tools = event.agent?.tools;
    await cancelOnBlock(event, async () => {
      if (tools) await this.guard.scanToolDefinitions(toToolDefinitions(toolList(tools)), sessionId);
      await this.#guardMessages(event.messages ?? event.agent?.messages ?? [], sessionId);
    });
  };

  /** Guards the user messages appended since the last check (the invocation's prompt). */
  beforeModelCall = async (event: StrandsBeforeModelCallEvent): Promise<void> => {
    const sessionId = this.sessionIdFor(event);
    await cancelOnBlock(event, () => this.#guardMessages(event.agent?.messages ?? [], sessionId));
  };

  async #guardMessages(messages: StrandsMessage[], sessionId: string | undefined): Promise<void> {
    const outcomes = await this.guard.guardNewUserMessages(sessionId, messages.map(toTrackedMessage));
    for (const outcome of outcomes) {
      const message = messages[outcome.index];
      if (outcome.modified && message) message.content = replaceContentText(message.content, outcome.content);
    }
  }

  /** Guards the model's reply text. */
  afterModelCall = async (event: StrandsAfterModelCallEvent): Promise<void> => {
    const message = event.stopData?.message;
    if (!message) return;
    const outcome = await this.guard.check({
      kind: "response",
      content: contentText(message.content),
      sessionId: this.sessionIdFor(event),
    });
    if (outcome.modified) message.content = replaceContentText(message.content, outcome.content);
  };

  /** Guards the tool call; cancels the tool and throws when blocked (enforce). */
  beforeToolCall = async (event: StrandsBeforeToolCallEvent): Promise<void> => {
    const { toolUse } = event;
    await cancelOnBlock(event, async () => {
      const outcome = await this.guard.check({
        kind: "tool_call",
        toolName: toolUse.name,
        toolArgs: toArgs(toolUse.input),
        sessionId: this.sessionIdFor(event),
      });
      if (outcome.modified && outcome.args) toolUse.input = outcome.args;
    });
  };

  /** Guards the tool result; rewrites it after `modify`. */
  afterToolCall = async (event: StrandsAfterToolCallEvent): Promise<void> => {
    const result = event.result;
    if (!result) return;
    const text = resultText(result.content);
    const outcome = await this.guard.check({
      kind: "tool_result",
      content: text,
      toolName: event.toolUse.name,
      sessionId: this.sessionIdFor(event),
    });
    if (outcome.modified) {
      // The redacted text stands for the whole result (text and JSON blocks alike); keep the classes' prototypes.
      const first = Array.isArray(result.content)
        ? result.content.find((b) => isRecord(b) && typeof b.text === "string")
        : undefined;
      const block = isRecord(first)
        ? cloneWith(first, { text: outcome.content })
        : { type: "textBlock", text: outcome.content };
      event.result = cloneWith(result, { content: [block] });
    }
  };
}

/** Runs `step`; when it throws (a block, or an outage under `failMode: "closed"`), sets `event.cancel` first. */
async function cancelOnBlock(event: { cancel?: string | boolean | undefined }, step: () => Promise<void>) {
  try {
    await step();
  } catch (error) {
    event.cancel = error instanceof Error ? error.message : "Blocked by Highflame Shield";
    throw error;
  }
}

/** Text of a tool result's content: text blocks, plus JSON blocks as JSON. */
function resultText(content: unknown): string {
  if (!Array.isArray(content)) return asText(content);
  const parts = content.map((block) =>
    isRecord(block) && "json" in block ? asText(block.json) : contentText([block]),
  );
  return parts.filter((p) => p !== "").join("\n");
}

function toolList(tools: unknown): unknown {
  if (Array.isArray(tools)) return tools;
  if (isRecord(tools) && typeof tools.values === "function") {
    try {
      return [...(tools.values as () => Iterable<unknown>)()];
    } catch {
      return [];
    }
  }
  return tools;
}

async function loadPeerEvents(): Promise<StrandsEventClasses> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ PEER)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigurationError(
      `HighflameStrandsHooks could not load ${PEER} (${error instanceof Error ? error.message : String(error)}); install it or pass the event classes as options.events`,
      { option: "events" },
    );
  }
  const names = [
    "BeforeInvocationEvent",
    "AfterModelCallEvent",
    "BeforeToolCallEvent",
    "AfterToolCallEvent",
  ] as const;
  for (const name of names) {
    if (typeof mod[name] !== "function") {
      throw new ConfigurationError(
        `${PEER} does not export ${name}; pass the event classes as options.events`,
        {
          option: "events",
        },
      );
    }
  }
  return mod as unknown as StrandsEventClasses;
}
