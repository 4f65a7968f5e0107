import { ConfigurationError } from "@highflame/core";
import { BlockedError } from "@highflame/shield";
import type { BaseMessage } from "@langchain/core/messages";
import type { AgentMiddleware, Runtime } from "langchain";
import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage } from "../messages.js";
import { resolveSessionId } from "../session-id.js";
import { contentText, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import { langchain, messages as lcMessages } from "./peers.js";
import { threadIdOfRuntime } from "./session.js";

/** What the session-id function of {@link HighflameLangChainOptions} receives. */
export interface LangChainSessionContext {
  /**
   * The agent state as LangChain 1.x hands it to a middleware: `messages` only (a middleware sees other state
   * keys only when it declares them in its own `stateSchema`).
   */
  state: Record<string, unknown>;
  /** The agent runtime (`configurable.thread_id`, …). */
  runtime: Runtime<unknown> | undefined;
}

/** Options of {@link highflameMiddleware}. */
export interface HighflameLangChainOptions extends Omit<IntegrationOptions, "sessionId"> {
  /**
   * Session id (`session_id`), fixed or computed per hook call. Default: the run's `thread_id`
   * (`runtime.configurable.thread_id`, as given to `agent.invoke(input, { configurable: { thread_id } })`), else
   * none — then only the trailing user message(s) are guarded.
   */
  sessionId?: string | ((context: LangChainSessionContext) => string | undefined) | undefined;
  /** Middleware name (LangChain requires unique names within one agent). Default `"HighflameMiddleware"`. */
  name?: string | undefined;
  /**
   * What a blocked tool call does in `enforce`/`modify` mode: `"throw"` rejects `agent.invoke` (LangChain wraps
   * the `BlockedError` in its `MiddlewareError`; see `blockedErrorOf`), `"message"` returns an error
   * `ToolMessage` saying the call was blocked, so the model can continue without the tool. Either way the tool
   * never runs. Default `"throw"`.
   */
  toolBlock?: "throw" | "message" | undefined;
}

/** A LangChain agent middleware guarded by Highflame, plus the shared enforcement core. */
export type HighflameLangChainMiddleware = AgentMiddleware & {
  /** The shared enforcement core (session tracker, tool-definition scan cache). */
  readonly guard: IntegrationGuard;
};

/**
 * Creates LangChain agent middleware (`createAgent({ model, tools, middleware: [highflameMiddleware(client)] })`,
 * `langchain` 1.x) that guards the agent with Highflame Shield:
 *
 * - `beforeModel`: the user messages that are new for the session, as prompts; `modify` replaces the message
 *   (same `id`, so the messages reducer swaps it). A block rejects `agent.invoke` with `BlockedError` before the
 *   model is called.
 * - `wrapModelCall`: scans each distinct tool definition offered to the model once.
 * - `afterModel`: the model's reply text, as the response; `modify` replaces the reply.
 * - `wrapToolCall`: each tool call (name and arguments) before the tool runs — a blocked tool never runs — and
 *   then the tool's output, as a tool response (redacted after `modify`).
 *
 * `step_up`/`defer` decisions throw `SuspendedError`; `monitor`/`alert` never block.
 */
export function highflameMiddleware(
  client: ShieldLike,
  options: HighflameLangChainOptions = {},
): HighflameLangChainMiddleware {
  const { sessionId: sessionOption, name = "HighflameMiddleware", toolBlock = "throw", ...rest } = options;
  if (toolBlock !== "throw" && toolBlock !== "message") {
    throw new ConfigurationError(`toolBlock must be "throw" or "message", got ${JSON.stringify(toolBlock)}`, {
      option: "toolBlock",
    });
  }
  const guard = new IntegrationGuard(client, rest, "langchain");
  const sessionIdFor = (state: Record<string, unknown>, runtime: Runtime<unknown> | undefined) =>
    resolveSessionId(
      typeof sessionOption === "function" ? () => sessionOption({ state, runtime }) : sessionOption,
      () => threadIdOfRuntime(runtime),
    );

  const middleware = langchain.createMiddleware({
    name,
    beforeModel: async (state, runtime) => {
      const history = state.messages;
      const sessionId = sessionIdFor(state, runtime);
      const outcomes = await guard.guardNewUserMessages(sessionId, history.map(toTrackedMessage));
      const replaced: BaseMessage[] = [];
      for (const outcome of outcomes) {
        const original = history[outcome.index];
        if (!outcome.modified || !original) continue;
        replaced.push(
          new lcMessages.HumanMessage({
            content: redact(original.content, outcome.content),
            id: original.id,
            name: original.name,
            additional_kwargs: original.additional_kwargs,
            response_metadata: original.response_metadata,
          }),
        );
      }
      return replaced.length > 0 ? { messages: replaced } : undefined;
    },
    wrapModelCall: async (request, handler) => {
      const sessionId = sessionIdFor(request.state, request.runtime);
      await guard.scanToolDefinitions(toToolDefinitions(request.tools), sessionId);
      return handler(request);
    },
    afterModel: async (state, runtime) => {
      const last = state.messages.at(-1);
      if (!last || !lcMessages.AIMessage.isInstance(last)) return undefined;
      const outcome = await guard.check({
        kind: "response",
        content: contentText(last.content),
        sessionId: sessionIdFor(state, runtime),
      });
      if (!outcome.modified) return undefined;
      const reply = new lcMessages.AIMessage({
        content: redact(last.content, outcome.content),
        id: last.id,
        name: last.name,
        tool_calls: last.tool_calls,
        invalid_tool_calls: last.invalid_tool_calls,
        usage_metadata: last.usage_metadata,
        additional_kwargs: last.additional_kwargs,
        response_metadata: last.response_metadata,
      });
      return { messages: [reply] };
    },
    wrapToolCall: async (request, handler) => {
      const call = request.toolCall;
      const sessionId = sessionIdFor(request.state, request.runtime);
      let before: Awaited<ReturnType<IntegrationGuard["check"]>>;
      try {
        before = await guard.check({
          kind: "tool_call",
          toolName: call.name,
          toolArgs: toArgs(call.args),
          sessionId,
        });
      } catch (error) {
        if (toolBlock === "throw" || !(error instanceof BlockedError)) throw error;
        return new lcMessages.ToolMessage({
          content: `Tool call "${call.name}" was blocked by Highflame Shield: ${error.message}`,
          tool_call_id: call.id ?? "",
          name: call.name,
          status: "error",
        });
      }
      const next =
        before.modified && before.args ? { ...request, toolCall: { ...call, args: before.args } } : request;
      const result = await handler(next);
      if (!lcMessages.ToolMessage.isInstance(result)) return result; // a Command: nothing to read
      const after = await guard.check({
        kind: "tool_result",
        content: contentText(result.content),
        toolName: call.name,
        sessionId,
      });
      if (!after.modified) return result;
      return new lcMessages.ToolMessage({
        content: redact(result.content, after.content),
        tool_call_id: result.tool_call_id,
        id: result.id,
        name: result.name,
        status: result.status,
        artifact: result.artifact,
        additional_kwargs: result.additional_kwargs,
        response_metadata: result.response_metadata,
      });
    },
  });
  return Object.assign(middleware, { guard });
}

/** Message content with its text replaced by the redacted text (non-text blocks kept). */
function redact(content: BaseMessage["content"], text: string): BaseMessage["content"] {
  return replaceContentText(content, text) as BaseMessage["content"];
}
