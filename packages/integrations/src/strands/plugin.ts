import type {
  AfterModelCallEvent,
  AfterToolCallEvent,
  BeforeModelCallEvent,
  BeforeToolCallEvent,
  JSONValue,
  LocalAgent,
  Plugin,
} from "@strands-agents/sdk";
import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage } from "../messages.js";
import { requirePeer } from "../peer.js";
import { readStateKey, resolveSessionId } from "../session-id.js";
import { asText, contentText, isRecord, toArgs } from "../text.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";

const strands = await requirePeer<typeof import("@strands-agents/sdk")>({
  specifier: "@strands-agents/sdk",
  subpath: "@highflame/integrations/strands",
  install: '@strands-agents/sdk@"^1.0.0"',
  load: () => import("@strands-agents/sdk"),
});

/** Options of {@link HighflameStrandsHooks}. */
export interface HighflameStrandsHooksOptions extends IntegrationOptions {
  /** Key of the session id in `agent.appState` and in the invocation state. Default `"session_id"`. */
  sessionIdKey?: string | undefined;
}

/**
 * Highflame Shield as a Strands Agents plugin: `new Agent({ plugins: [new HighflameStrandsHooks(client)] })`.
 * Through `agent.addHook`:
 *
 * - `BeforeModelCallEvent`: the agent's tool definitions (each distinct one once) and the user messages new for
 *   the session (prompt); a block cancels the model call (`event.cancel`) and throws; `modify` rewrites them.
 * - `AfterModelCallEvent`: the model's text (response).
 * - `BeforeToolCallEvent`: the tool name and input (tool_call); a block denies the tool with `event.cancel` set
 *   to `Blocked by Highflame Shield …`, so it never runs and the model reads the denial as the tool's error
 *   result; `modify` rewrites the input.
 * - `AfterToolCallEvent`: the tool's result (tool_result); a block replaces it with an error result carrying the
 *   denial (the model never reads the blocked output); `modify` replaces it with the redacted text.
 *
 * Model-phase blocks reject `agent.invoke()` with `BlockedError` / `SuspendedError`. Tool-phase blocks do not:
 * Strands treats every failure inside one tool call as that tool's result, so the hooks deny the tool the
 * Strands way and the run goes on (`onDecision` sees every decision).
 *
 * Session id: the `sessionId` option → `agent.appState` key `sessionIdKey` → the invocation state's → the
 * agent's `sessionId`.
 */
export class HighflameStrandsHooks implements Plugin {
  /** Plugin name. */
  readonly name = "highflame:shield";
  /** The shared enforcement core. */
  readonly guard: IntegrationGuard;
  readonly #options: HighflameStrandsHooksOptions;

  constructor(client: ShieldLike, options: HighflameStrandsHooksOptions = {}) {
    this.guard = new IntegrationGuard(client, options, "strands");
    this.#options = options;
  }

  /** Strands `Plugin` entry point: subscribes the four hooks on the agent. */
  initAgent(agent: LocalAgent): void {
    agent.addHook(strands.BeforeModelCallEvent, (event) => this.beforeModelCall(event));
    agent.addHook(strands.AfterModelCallEvent, (event) => this.afterModelCall(event));
    agent.addHook(strands.BeforeToolCallEvent, (event) => this.beforeToolCall(event));
    agent.addHook(strands.AfterToolCallEvent, (event) => this.afterToolCall(event));
  }

  /** The session id of an event's agent and invocation. */
  sessionIdFor(event: { agent: LocalAgent; invocationState: Record<string, unknown> }): string | undefined {
    const key = this.#options.sessionIdKey ?? "session_id";
    return resolveSessionId(
      this.#options.sessionId,
      () => event.agent.appState.get(key),
      () => readStateKey(event.invocationState, key),
      () => event.agent.sessionId,
    );
  }

  /** Scans the tool definitions and guards the new user messages; a block cancels the model call and throws. */
  async beforeModelCall(event: BeforeModelCallEvent): Promise<void> {
    const sessionId = this.sessionIdFor(event);
    const { agent } = event;
    try {
      const specs = agent.toolRegistry.list().map((tool) => tool.toolSpec);
      await this.guard.scanToolDefinitions(
        specs.map((spec) => ({
          name: spec.name,
          description: spec.description,
          parameters: spec.inputSchema,
        })),
        sessionId,
      );
      const outcomes = await this.guard.guardNewUserMessages(sessionId, agent.messages.map(toTrackedMessage));
      for (const outcome of outcomes) {
        const message = agent.messages[outcome.index];
        if (!outcome.modified || !message) continue;
        agent.messages[outcome.index] = new strands.Message({
          role: message.role,
          content: withText(message.content, outcome.content),
        });
      }
    } catch (error) {
      event.cancel = reasonOf(error);
      throw error;
    }
  }

  /** Guards the model's reply text. */
  async afterModelCall(event: AfterModelCallEvent): Promise<void> {
    const message = event.stopData?.message;
    if (!message) return;
    const outcome = await this.guard.check({
      kind: "response",
      content: contentText(message.content),
      sessionId: this.sessionIdFor(event),
    });
    // The reply is handed on as is; a redaction goes into its content blocks.
    if (outcome.modified)
      (message as { content: unknown }).content = withText(message.content, outcome.content);
  }

  /** Guards the tool call; a block denies it through `event.cancel`, so the tool never runs. */
  async beforeToolCall(event: BeforeToolCallEvent): Promise<void> {
    const { toolUse } = event;
    try {
      const outcome = await this.guard.check({
        kind: "tool_call",
        toolName: toolUse.name,
        toolArgs: toArgs(toolUse.input),
        sessionId: this.sessionIdFor(event),
      });
      if (outcome.modified && outcome.args) event.toolUse = { ...toolUse, input: outcome.args as JSONValue };
    } catch (error) {
      // An outage under failMode "closed" denies the tool too (fail closed), with its own message.
      event.cancel = reasonOf(error);
    }
  }

  /** Guards the tool's result: a block replaces it with the denial, `modify` with the redacted text. */
  async afterToolCall(event: AfterToolCallEvent): Promise<void> {
    const result = event.result;
    let text: string;
    let status = result.status;
    try {
      const outcome = await this.guard.check({
        kind: "tool_result",
        content: resultText(result.content),
        toolName: event.toolUse.name,
        sessionId: this.sessionIdFor(event),
      });
      if (!outcome.modified) return;
      text = outcome.content;
    } catch (error) {
      text = reasonOf(error);
      status = "error";
    }
    event.result = new strands.ToolResultBlock({
      toolUseId: result.toolUseId,
      status,
      content: [new strands.TextBlock(text)],
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : "Blocked by Highflame Shield";
}

/** Content blocks with their text replaced: one `TextBlock` with `text` first, the non-text blocks kept. */
function withText<B>(content: readonly B[], text: string): B[] {
  const kept = content.filter((block) => !(isRecord(block) && block.type === "textBlock"));
  return [new strands.TextBlock(text) as B, ...kept];
}

/** Text of a tool result: its text blocks, and JSON blocks as JSON. */
function resultText(content: readonly unknown[]): string {
  return content
    .map((block) =>
      isRecord(block) && block.type === "jsonBlock" ? asText(block.json) : contentText([block]),
    )
    .filter((part) => part !== "")
    .join("\n");
}
