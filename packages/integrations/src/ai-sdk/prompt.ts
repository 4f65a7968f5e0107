import type { IntegrationGuard } from "../integration-guard.js";
import { asText } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { AISDKCallParams, AISDKPromptMessage } from "./types.js";

type ToolResultPart = Extract<
  Extract<AISDKPromptMessage, { role: "tool" }>["content"][number],
  { type: "tool-result" }
>;
type ToolResultOutput = ToolResultPart["output"];

/** The text of a user message's text parts, joined by newlines (file parts are not text). */
function userText(message: Extract<AISDKPromptMessage, { role: "user" }>): string {
  return message.content
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("\n");
}

/** A user message whose text parts are replaced by one text part carrying `text` (file parts kept, in place). */
function withUserText(
  message: Extract<AISDKPromptMessage, { role: "user" }>,
  text: string,
): Extract<AISDKPromptMessage, { role: "user" }> {
  let placed = false;
  const content: typeof message.content = [];
  for (const part of message.content) {
    if (part.type !== "text") content.push(part);
    else if (!placed) {
      content.push({ ...part, text });
      placed = true;
    }
  }
  if (!placed) content.unshift({ type: "text", text });
  return { ...message, content };
}

/** The text a tool result hands back to the model (`text`/`json`/`error-*` values, `content` text parts). */
function outputText(output: ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return asText(output.value);
    case "content":
      return output.value
        .map((part) => (part.type === "text" ? part.text : ""))
        .filter((t) => t !== "")
        .join("\n");
    default:
      return "";
  }
}

/** `output` carrying the redacted `text` instead (a JSON result becomes text: the redaction is text). */
function withOutputText(output: ToolResultOutput, text: string): ToolResultOutput {
  switch (output.type) {
    case "error-text":
    case "error-json":
      return { type: "error-text", value: text };
    default:
      return { type: "text", value: text };
  }
}

/**
 * Guards what a model call is about to send: scans the function tools' definitions (once per distinct
 * definition), guards the user messages that are new for the session as prompts, and guards the tool results
 * of the latest step (the `tool` messages after the last `assistant` message) as tool responses. Returns the
 * params with redacted text substituted, or the params unchanged; a block throws.
 */
export async function guardCallParams(
  guard: IntegrationGuard,
  params: AISDKCallParams,
  sessionId: string | undefined,
  guardToolResults = true,
): Promise<AISDKCallParams> {
  const functionTools = (params.tools ?? []).filter((tool) => tool.type === "function");
  await guard.scanToolDefinitions(toToolDefinitions(functionTools), sessionId);

  const prompt = params.prompt;
  const tracked = prompt.map((message) => ({
    role: message.role,
    text: message.role === "user" ? userText(message) : "",
  }));
  const outcomes = await guard.guardNewUserMessages(sessionId, tracked);
  let next: AISDKPromptMessage[] | undefined;
  for (const outcome of outcomes) {
    const message = prompt[outcome.index];
    if (!outcome.modified || message?.role !== "user") continue;
    next ??= [...prompt];
    next[outcome.index] = withUserText(message, outcome.content);
  }

  if (!guardToolResults) return next ? { ...params, prompt: next } : params;
  let lastAssistant = -1;
  prompt.forEach((message, index) => {
    if (message.role === "assistant") lastAssistant = index;
  });
  for (let index = lastAssistant + 1; index < prompt.length; index++) {
    const message = (next ?? prompt)[index];
    if (message?.role !== "tool") continue;
    let content: typeof message.content | undefined;
    for (const [partIndex, part] of message.content.entries()) {
      if (part.type !== "tool-result") continue;
      const outcome = await guard.check({
        kind: "tool_result",
        content: outputText(part.output),
        toolName: part.toolName,
        sessionId,
      });
      if (!outcome.modified) continue;
      content ??= [...message.content];
      content[partIndex] = { ...part, output: withOutputText(part.output, outcome.content) };
    }
    if (content) {
      next ??= [...prompt];
      next[index] = { ...message, content };
    }
  }
  return next ? { ...params, prompt: next } : params;
}
