import type { BaseCallbackHandlerInput } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import type { BaseMessage } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage } from "../messages.js";
import { resolveSessionId } from "../session-id.js";
import { asText, contentText, isRecord, toArgs } from "../text.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import { callbacks, messages as lcMessages } from "./peers.js";

/** Options of {@link HighflameCallbackHandler}. */
export interface HighflameCallbackHandlerOptions extends Omit<IntegrationOptions, "sessionId"> {
  /**
   * Session id (`session_id`), fixed or computed from the run's metadata. Default: `metadata.thread_id` (set by
   * LangGraph from `configurable.thread_id`), else `metadata.session_id`, else none.
   */
  sessionId?: string | ((metadata: Record<string, unknown> | undefined) => string | undefined) | undefined;
  /** Runs whose session is remembered between their start and end callbacks. Default 10 000. */
  maxOpenRuns?: number | undefined;
}

const BLOCKING = { raiseError: true, _awaitHandler: true } satisfies BaseCallbackHandlerInput;

/**
 * A `@langchain/core` callback handler that guards chains and models without `createAgent`
 * (`chain.invoke(input, { callbacks: [new HighflameCallbackHandler(client)] })`): the prompt at
 * `handleChatModelStart` / `handleLLMStart`, the generations at `handleLLMEnd`, a tool's input at
 * `handleToolStart` (before the tool runs) and its output at `handleToolEnd`.
 *
 * The handler sets `raiseError` and awaits itself, so a block rejects the run with `BlockedError` /
 * `SuspendedError` (a blocked tool never runs). Callbacks observe: they cannot rewrite what flows through, so a
 * `modify` decision is only logged — use {@link highflameMiddleware} with `createAgent` to apply redactions.
 */
export class HighflameCallbackHandler extends callbacks.BaseCallbackHandler {
  /** Handler name (LangChain callbacks are named). */
  name = "HighflameCallbackHandler";
  /** The shared enforcement core. */
  readonly guard: IntegrationGuard;
  readonly #sessionOption: HighflameCallbackHandlerOptions["sessionId"];
  readonly #sessions = new Map<string, string | undefined>();
  readonly #toolNames = new Map<string, string>();
  readonly #maxOpenRuns: number;

  constructor(client: ShieldLike, options: HighflameCallbackHandlerOptions = {}) {
    super(BLOCKING);
    const { sessionId, maxOpenRuns, ...rest } = options;
    this.raiseError = true;
    this.awaitHandlers = true;
    this.guard = new IntegrationGuard(client, rest, "langchain");
    this.#sessionOption = sessionId;
    this.#maxOpenRuns = Math.max(1, maxOpenRuns ?? 10_000);
  }

  /** Guards the new user messages of each prompt before the chat model runs. */
  override async handleChatModelStart(
    _llm: Serialized,
    batches: BaseMessage[][],
    runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const sessionId = this.#open(runId, metadata);
    for (const batch of batches) {
      await this.#warnIfModified(this.guard.guardNewUserMessages(sessionId, batch.map(toTrackedMessage)));
    }
  }

  /** Guards each text prompt before a (non-chat) LLM runs. */
  override async handleLLMStart(
    _llm: Serialized,
    prompts: string[],
    runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const sessionId = this.#open(runId, metadata);
    for (const prompt of prompts) {
      await this.#warnIfModified(this.guard.check({ kind: "prompt", content: prompt, sessionId }));
    }
  }

  /** Guards the generated text (each generation) as the model's response. */
  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const sessionId = this.#close(runId);
    for (const generation of output.generations.flat()) {
      const message = (generation as { message?: unknown }).message;
      const text = lcMessages.isBaseMessage(message) ? contentText(message.content) : generation.text;
      await this.#warnIfModified(this.guard.check({ kind: "response", content: text, sessionId }));
    }
  }

  /** Forgets the run's session. */
  override handleLLMError(_error: unknown, runId: string): void {
    this.#close(runId);
  }

  /** Guards a tool's name and input before the tool runs. */
  override async handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ): Promise<void> {
    const sessionId = this.#open(runId, metadata);
    const toolName = runName ?? (tool as { name?: string }).name ?? tool.id.at(-1) ?? "tool";
    await this.#warnIfModified(
      this.guard.check({ kind: "tool_call", toolName, toolArgs: toArgs(input), sessionId }),
    );
    this.#toolNames.set(runId, toolName);
  }

  /** Guards a tool's output as a tool response. */
  override async handleToolEnd(output: unknown, runId: string): Promise<void> {
    const sessionId = this.#close(runId);
    const toolName = this.#toolNames.get(runId);
    this.#toolNames.delete(runId);
    const text = lcMessages.isBaseMessage(output) ? contentText(output.content) : asText(output);
    await this.#warnIfModified(this.guard.check({ kind: "tool_result", content: text, toolName, sessionId }));
  }

  /** Forgets the tool run. */
  override handleToolError(_error: unknown, runId: string): void {
    this.#close(runId);
    this.#toolNames.delete(runId);
  }

  #open(runId: string, metadata: Record<string, unknown> | undefined): string | undefined {
    const option = this.#sessionOption;
    const sessionId = resolveSessionId(
      typeof option === "function" ? () => option(metadata) : option,
      () => (isRecord(metadata) ? metadata.thread_id : undefined),
      () => (isRecord(metadata) ? metadata.session_id : undefined),
    );
    this.#sessions.set(runId, sessionId);
    while (this.#sessions.size > this.#maxOpenRuns) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
      this.#toolNames.delete(oldest);
    }
    return sessionId;
  }

  #close(runId: string): string | undefined {
    const sessionId = this.#sessions.get(runId);
    this.#sessions.delete(runId);
    return sessionId;
  }

  async #warnIfModified(
    pending: Promise<{ modified: boolean } | Array<{ modified: boolean }>>,
  ): Promise<void> {
    const outcome = await pending;
    const modified = Array.isArray(outcome) ? outcome.some((o) => o.modified) : outcome.modified;
    if (modified) {
      this.guard.logger?.warn(
        "Highflame langchain: modify decision seen by the callback handler, which cannot rewrite content; use highflameMiddleware with createAgent to apply redactions",
      );
    }
  }
}
