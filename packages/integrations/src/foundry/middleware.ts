import { sleep } from "@highflame/core";
import type { GuardResult } from "@highflame/shield";
import { IntegrationGuard } from "../integration-guard.js";
import { asText, contentText, isRecord, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import type {
  FoundryAgentsClient,
  FoundryMessage,
  FoundryMessageList,
  FoundryRun,
  FoundryToolInvocation,
  FoundryToolOutput,
} from "./types.js";

/** Parameters of {@link HighflameFoundryMiddleware.createAndPollRun}. */
export interface CreateAndPollRunParams {
  /** The agents client (`AgentsClient`), or a project client exposing it as `.agents`. */
  client: FoundryAgentsClient | { agents: FoundryAgentsClient };
  /** Thread to run on. */
  threadId: string;
  /** Agent (assistant) id. */
  agentId: string;
  /** User message to add before the run (guarded first; the redacted text is posted after `modify`). Default none. */
  prompt?: string | undefined;
  /** Runs a tool call at `requires_action`; its return value (string, or JSON of anything else) is the output. */
  toolExecutor?: ((call: FoundryToolInvocation) => unknown) | undefined;
  /** Tool definitions of the agent, scanned once each for poisoning. Default none. */
  tools?: readonly unknown[] | undefined;
  /** Options passed to `runs.create`. Default none. */
  runOptions?: unknown;
  /** Delay between polls, ms. Default 500. */
  pollIntervalMs?: number | undefined;
  /** Stops polling (the run is cancelled on a best-effort basis). */
  signal?: AbortSignal | undefined;
  /** Session id for this run. Default: the middleware's `sessionId`, else the thread id. */
  sessionId?: string | undefined;
}

/** What {@link HighflameFoundryMiddleware.createAndPollRun} returns. */
export interface FoundryRunResult {
  /** The run in its final state. */
  run: FoundryRun;
  /** The run's final assistant message (content redacted after `modify`), when the run completed. */
  message: FoundryMessage | undefined;
  /** Text of that message (redacted after `modify`); `""` when there is none. */
  text: string;
  /** Guard response for the final message, when one was checked. */
  response: GuardResult | undefined;
}

const ACTIVE = new Set(["queued", "in_progress", "requires_action", "cancelling"]);

/** Options of {@link HighflameFoundryMiddleware}. */
export type HighflameFoundryMiddlewareOptions = IntegrationOptions;

/**
 * Azure AI Foundry agents: `createAndPollRun` replaces the create-run-and-poll loop and guards the user prompt
 * (before it is posted), each tool call at `requires_action` (before the executor runs), each tool output
 * (before it is submitted) and the final assistant message. In `enforce` mode a block cancels the run (best
 * effort) and throws `BlockedError` / `SuspendedError`; `monitor`/`alert` never throw.
 */
export class HighflameFoundryMiddleware {
  /** The shared enforcement core. */
  readonly guard: IntegrationGuard;
  readonly #options: HighflameFoundryMiddlewareOptions;

  constructor(client: ShieldLike, options: HighflameFoundryMiddlewareOptions = {}) {
    this.guard = new IntegrationGuard(client, options, "foundry");
    this.#options = options;
  }

  /** Posts the (guarded) prompt, creates the run, polls it to completion and guards every step. */
  async createAndPollRun(params: CreateAndPollRunParams): Promise<FoundryRunResult> {
    const agents = "agents" in params.client ? params.client.agents : params.client;
    const { threadId, signal } = params;
    const sessionId = params.sessionId ?? this.#options.sessionId ?? threadId;
    const interval = params.pollIntervalMs ?? 500;

    if (params.tools) await this.guard.scanToolDefinitions(toToolDefinitions(params.tools), sessionId);
    if (params.prompt !== undefined) {
      const outcome = await this.guard.check({ kind: "prompt", content: params.prompt, sessionId });
      await agents.messages.create(threadId, "user", outcome.content);
    }

    let run = await agents.runs.create(threadId, params.agentId, params.runOptions);
    const guarded = async <T>(step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        await cancelQuietly(agents, threadId, run.id);
        throw error;
      }
    };

    while (ACTIVE.has(run.status)) {
      if (run.status === "requires_action" && run.requiredAction?.submitToolOutputs) {
        const calls = run.requiredAction.submitToolOutputs.toolCalls ?? [];
        const outputs = await guarded(() => this.#runTools(calls, params, sessionId));
        run = await agents.runs.submitToolOutputs(threadId, run.id, outputs);
        continue;
      }
      await guarded(() => sleep(interval, signal));
      run = await agents.runs.get(threadId, run.id);
    }

    if (run.status !== "completed") return { run, message: undefined, text: "", response: undefined };
    const message = await lastAssistantMessage(
      await agents.messages.list(threadId, { order: "desc", runId: run.id }),
      run.id,
    );
    if (!message) return { run, message: undefined, text: "", response: undefined };
    const text = contentText(message.content);
    const outcome = await this.guard.check({ kind: "response", content: text, sessionId });
    const final = outcome.modified
      ? { ...message, content: replaceContentText(message.content, outcome.content) }
      : message;
    return { run, message: final, text: outcome.content, response: outcome.response };
  }

  async #runTools(
    calls: NonNullable<NonNullable<FoundryRun["requiredAction"]>["submitToolOutputs"]>["toolCalls"] & {},
    params: CreateAndPollRunParams,
    sessionId: string,
  ): Promise<FoundryToolOutput[]> {
    const outputs: FoundryToolOutput[] = [];
    for (const call of calls) {
      const name = call.function?.name ?? call.type ?? "tool";
      const args = toArgs(call.function?.arguments);
      const before = await this.guard.check({ kind: "tool_call", toolName: name, toolArgs: args, sessionId });
      if (!params.toolExecutor) {
        throw new TypeError(`Run requires tool "${name}" but createAndPollRun got no toolExecutor`);
      }
      const raw = await params.toolExecutor({ id: call.id, name, arguments: before.args ?? args, call });
      const output = asText(raw);
      const after = await this.guard.check({
        kind: "tool_result",
        content: output,
        toolName: name,
        sessionId,
      });
      outputs.push({ toolCallId: call.id, output: after.content });
    }
    return outputs;
  }
}

async function cancelQuietly(agents: FoundryAgentsClient, threadId: string, runId: string): Promise<void> {
  try {
    await agents.runs.cancel?.(threadId, runId);
  } catch {
    // best effort: the original error matters more
  }
}

async function lastAssistantMessage(
  list: FoundryMessageList,
  runId: string,
): Promise<FoundryMessage | undefined> {
  const items: FoundryMessage[] = [];
  if (isRecord(list) && Array.isArray((list as { data?: unknown }).data)) {
    items.push(...(list as { data: FoundryMessage[] }).data);
  } else if (Symbol.asyncIterator in (list as object)) {
    for await (const message of list as AsyncIterable<FoundryMessage>) items.push(message);
  } else {
    items.push(...(list as Iterable<FoundryMessage>));
  }
  // Newest first was requested, but do not rely on it: prefer the last assistant message of this run.
  const assistant = items.filter((m) => m.role === "assistant");
  const ofRun = assistant.filter((m) => m.runId === runId);
  const pool = ofRun.length > 0 ? ofRun : assistant;
  const created = (m: FoundryMessage) => {
    const at = m.createdAt ?? (m as { created_at?: unknown }).created_at;
    return at instanceof Date ? at.getTime() : typeof at === "number" ? at : undefined;
  };
  if (pool.every((m) => created(m) !== undefined)) {
    return [...pool].sort((a, b) => created(b)! - created(a)!)[0];
  }
  return pool[0];
}
