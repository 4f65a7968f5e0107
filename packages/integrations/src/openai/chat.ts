import type {
  ChatCompletion,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import type { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage, withContent } from "../messages.js";
import { contentText, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";

/**
 * Guards the input of a Chat Completions request: scans the tool definitions (once each), checks the user
 * messages new for the session (prompt) and the trailing tool results (`role: "tool"`, the results the model is
 * about to read). Returns the params to send: the same object, or a copy with `modify` redactions applied.
 */
export async function guardChatParams<P extends ChatCompletionCreateParamsBase>(
  guard: IntegrationGuard,
  params: P,
  sessionId: string | undefined,
): Promise<P> {
  if (params.tools) await guard.scanToolDefinitions(toToolDefinitions(params.tools), sessionId);
  const messages = params.messages;
  let next: ChatCompletionMessageParam[] = messages;
  const replace = (index: number, text: string) => {
    if (next === messages) next = [...messages];
    next[index] = withContent(messages[index]!, replaceContentText(messages[index]!.content, text));
  };
  const outcomes = await guard.guardNewUserMessages(sessionId, messages.map(toTrackedMessage));
  for (const outcome of outcomes) if (outcome.modified) replace(outcome.index, outcome.content);
  const names = toolNamesById(messages);
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role !== "tool") break;
    const outcome = await guard.check({
      kind: "tool_result",
      content: contentText(message.content),
      toolName: names.get(message.tool_call_id),
      sessionId,
    });
    if (outcome.modified) replace(index, outcome.content);
  }
  return next === messages ? params : { ...params, messages: next };
}

/** Tool names of the assistant's tool calls, by call id (to name the tool of a `role: "tool"` result). */
function toolNamesById(messages: readonly ChatCompletionMessageParam[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const call of message.tool_calls ?? []) {
      names.set(call.id, call.type === "function" ? call.function.name : call.custom.name);
    }
  }
  return names;
}

/** Name and arguments of a tool call as checked (custom tools: their free-form input as `{input}`). */
export function chatToolCallArgs(call: ChatCompletionMessageToolCall): {
  name: string;
  args: Record<string, unknown>;
} {
  return call.type === "function"
    ? { name: call.function.name, args: toArgs(call.function.arguments) }
    : { name: call.custom.name, args: { input: call.custom.input } };
}

/**
 * Guards a Chat Completions result in place: every tool call of every choice (tool_call; a block throws before
 * the caller can run it), then each choice's text (response). `modify` rewrites the arguments / the text.
 */
export async function guardChatCompletion(
  guard: IntegrationGuard,
  completion: ChatCompletion,
  sessionId: string | undefined,
): Promise<ChatCompletion> {
  for (const choice of completion.choices ?? []) {
    const message = choice.message;
    if (!message) continue;
    for (const call of message.tool_calls ?? []) {
      const { name, args } = chatToolCallArgs(call);
      const outcome = await guard.check({ kind: "tool_call", toolName: name, toolArgs: args, sessionId });
      if (!outcome.modified) continue;
      if (call.type === "function") call.function.arguments = outcome.content;
      else call.custom.input = String(outcome.args?.input ?? call.custom.input);
    }
    if (typeof message.content === "string" && message.content !== "") {
      const outcome = await guard.check({ kind: "response", content: message.content, sessionId });
      if (outcome.modified) message.content = outcome.content;
    }
  }
  return completion;
}
