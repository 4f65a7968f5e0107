import { BlockedError } from "@highflame/shield";
import type {
  GuardrailFunctionOutput,
  InputGuardrail,
  InputGuardrailFunctionArgs,
  OutputGuardrail,
  RunContext,
  ToolGuardrailFunctionOutput,
  ToolInputGuardrailDefinition,
  ToolOutputGuardrailDefinition,
} from "@openai/agents";
import type { CheckRequest } from "../integration-guard.js";
import { IntegrationGuard } from "../integration-guard.js";
import type { TrackedMessage } from "../message-tracker.js";
import { readStateKey, resolveSessionId } from "../session-id.js";
import { asText, contentText, toArgs } from "../text.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";

/** Options of {@link highflameGuardrails}. */
export interface HighflameGuardrailsOptions extends IntegrationOptions {
  /** Key of the session id in the run context (`run(agent, input, { context })`). Default `"sessionId"`. */
  sessionIdKey?: string | undefined;
  /**
   * What a blocked tool call or tool output does: `throwException` stops the run with
   * `ToolInputGuardrailTripwireTriggered` / `ToolOutputGuardrailTripwireTriggered`; `rejectContent` replaces the
   * tool's result with a refusal the model reads, and the run goes on. Default `throwException`.
   */
  toolBlockBehavior?: "throwException" | "rejectContent" | undefined;
  /**
   * Run the input guardrail alongside the first model call (`true`) or before it (`false`: the model never sees
   * a blocked prompt). Default `false`.
   */
  runInParallel?: boolean | undefined;
}

/** What the guardrails put in `outputInfo`: the Shield decision behind a trip (or `allow`). */
export interface HighflameGuardrailInfo {
  /** The decision (`allow`, `deny`, `step_up`, …). */
  decision: string;
  /** The policy's reason, when blocked. */
  reason?: string | undefined;
  /** The `BlockedError` / `SuspendedError` a trip stands for. */
  error?: BlockedError | undefined;
}

/** The four `@openai/agents` guardrails of {@link highflameGuardrails}. */
export interface HighflameGuardrails {
  /** For `new Agent({ inputGuardrails: [input] })`: the user input (prompt). */
  input: InputGuardrail;
  /** For `new Agent({ outputGuardrails: [output] })`: the final output (response). */
  output: OutputGuardrail;
  /** For `tool({ inputGuardrails: [toolInput] })`: the tool call, before the tool runs (tool_call). */
  toolInput: ToolInputGuardrailDefinition;
  /** For `tool({ outputGuardrails: [toolOutput] })`: the tool's result, before the model reads it (tool_result). */
  toolOutput: ToolOutputGuardrailDefinition;
  /** The shared enforcement core. */
  guard: IntegrationGuard;
}

/**
 * Highflame Shield as `@openai/agents` guardrails. A block (enforce mode) trips the guardrail — the agent run
 * throws `InputGuardrailTripwireTriggered` / `OutputGuardrailTripwireTriggered`, and a tool guardrail throws or
 * rejects per `toolBlockBehavior` — with the `BlockedError` in `outputInfo.error`. Monitor and alert modes never
 * trip. Guardrails can only pass or trip, so a `modify` decision is logged and not substituted. An outage under
 * `failMode: "closed"` is an error of the guardrail (the SDK's `GuardrailExecutionError`), not a trip.
 *
 * Session id: the `sessionId` option, else `context.context[sessionIdKey]`.
 */
export function highflameGuardrails(
  client: ShieldLike,
  options: HighflameGuardrailsOptions = {},
): HighflameGuardrails {
  const guard = new IntegrationGuard(client, options, "openai-agents");
  const key = options.sessionIdKey ?? "sessionId";
  const sessionOf = (context: RunContext<unknown> | undefined) =>
    resolveSessionId(guard.sessionId, () => readStateKey(context?.context, key));

  const tripOn = async (check: () => Promise<void>): Promise<GuardrailFunctionOutput> => {
    try {
      await check();
      return { tripwireTriggered: false, outputInfo: { decision: "allow" } satisfies HighflameGuardrailInfo };
    } catch (error) {
      if (!(error instanceof BlockedError)) throw error;
      return { tripwireTriggered: true, outputInfo: infoOf(error) };
    }
  };
  const toolVerdict = async (check: CheckRequest): Promise<ToolGuardrailFunctionOutput> => {
    try {
      await checkUnmodified(guard, check);
      return { behavior: { type: "allow" }, outputInfo: { decision: "allow" } };
    } catch (error) {
      if (!(error instanceof BlockedError)) throw error;
      const outputInfo = infoOf(error);
      return options.toolBlockBehavior === "rejectContent"
        ? { behavior: { type: "rejectContent", message: refusal(error) }, outputInfo }
        : { behavior: { type: "throwException" }, outputInfo };
    }
  };

  return {
    guard,
    input: {
      name: "highflame_input",
      runInParallel: options.runInParallel ?? false,
      execute: ({ input, context }) =>
        tripOn(async () => {
          const outcomes = await guard.guardNewUserMessages(sessionOf(context), trackedInput(input));
          if (outcomes.some((o) => o.modified)) warnModify(guard, "input");
        }),
    },
    output: {
      name: "highflame_output",
      execute: ({ agentOutput, context }) =>
        tripOn(() =>
          checkUnmodified(guard, {
            kind: "response",
            content: asText(agentOutput),
            sessionId: sessionOf(context),
          }),
        ),
    },
    toolInput: {
      type: "tool_input",
      name: "highflame_tool_input",
      run: ({ toolCall, context }) =>
        toolVerdict({
          kind: "tool_call",
          toolName: toolCall.name,
          toolArgs: toArgs(toolCall.arguments),
          sessionId: sessionOf(context),
        }),
    },
    toolOutput: {
      type: "tool_output",
      name: "highflame_tool_output",
      run: ({ toolCall, output, context }) =>
        toolVerdict({
          kind: "tool_result",
          toolName: toolCall.name,
          content: asText(output),
          sessionId: sessionOf(context),
        }),
    },
  };
}

async function checkUnmodified(guard: IntegrationGuard, check: CheckRequest): Promise<void> {
  const outcome = await guard.check(check);
  if (outcome.modified) warnModify(guard, check.kind);
}

function warnModify(guard: IntegrationGuard, what: string): void {
  guard.logger?.warn(
    `Highflame openai-agents: modify decision on ${what} not applied (guardrails can only pass or trip)`,
  );
}

function infoOf(error: BlockedError): HighflameGuardrailInfo {
  return { decision: error.decision, reason: error.reason, error };
}

function refusal(error: BlockedError): string {
  return `Blocked by Highflame Shield${error.reason ? `: ${error.reason}` : ""}`;
}

/** The run input as tracked messages: user/assistant/system messages by role, tool results as `tool`. */
function trackedInput(input: InputGuardrailFunctionArgs["input"]): TrackedMessage[] {
  if (typeof input === "string") return [{ role: "user", text: input }];
  return input.map((item): TrackedMessage => {
    if ("role" in item && typeof item.role === "string") {
      return { role: item.role, text: "content" in item ? contentText(item.content) : "" };
    }
    if (item.type === "function_call_result") return { role: "tool", text: asText(item.output) };
    return { role: typeof item.type === "string" ? item.type : "", text: "" };
  });
}
