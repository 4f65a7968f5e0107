import type { IntegrationGuard } from "../integration-guard.js";
import { toArgs } from "../text.js";
import type { AISDKContent, AISDKToolCall } from "./types.js";

/** What the output checks need to know about the call. */
export interface OutputCheckContext {
  /** The shared enforcement core. */
  guard: IntegrationGuard;
  /** Session id of the call, if any. */
  sessionId: string | undefined;
  /** Whether `tool-call` parts are guarded. */
  guardToolCalls: boolean;
}

/**
 * Guards one tool call (name + the parsed JSON arguments) before the AI SDK can execute it. Returns the call
 * to continue with: the same object, or a copy with the redacted arguments re-encoded after `modify`.
 */
export async function guardToolCall<C extends AISDKToolCall>(
  context: OutputCheckContext,
  call: C,
): Promise<C> {
  if (!context.guardToolCalls) return call;
  const outcome = await context.guard.check({
    kind: "tool_call",
    toolName: call.toolName,
    toolArgs: toArgs(call.input),
    sessionId: context.sessionId,
  });
  return outcome.modified && outcome.args ? { ...call, input: JSON.stringify(outcome.args) } : call;
}

/** Guards the joined text as the model's response; returns the redacted text after `modify`, else `undefined`. */
export async function guardResponseText(
  context: OutputCheckContext,
  text: string,
): Promise<string | undefined> {
  const outcome = await context.guard.check({
    kind: "response",
    content: text,
    sessionId: context.sessionId,
  });
  return outcome.modified ? outcome.content : undefined;
}

/**
 * Guards a generate result's content: the text parts (joined) as the response, then each `tool-call` part.
 * After `modify` the first text part carries the redacted text and the other text parts are dropped; other
 * parts (reasoning, files, sources, …) pass through untouched.
 */
export async function guardContent(
  context: OutputCheckContext,
  content: readonly AISDKContent[],
): Promise<AISDKContent[]> {
  const text = content.map((part) => (part.type === "text" ? part.text : "")).join("");
  const redacted = await guardResponseText(context, text);
  const out: AISDKContent[] = [];
  let placed = false;
  for (const part of content) {
    if (part.type === "text" && redacted !== undefined) {
      if (!placed) out.push({ ...part, text: redacted });
      placed = true;
    } else if (part.type === "tool-call") {
      out.push(await guardToolCall(context, part));
    } else {
      out.push(part);
    }
  }
  if (redacted !== undefined && !placed) out.unshift({ type: "text", text: redacted });
  return out;
}
