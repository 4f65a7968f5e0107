import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Stream } from "openai/streaming";
import type { IntegrationGuard } from "../integration-guard.js";
import { toArgs } from "../text.js";
import { Accumulator, Replacements, StreamBudget } from "./stream-buffer.js";

/** How a guarded stream treats text (see {@link GuardStreamOptions}). */
export interface GuardStreamOptions {
  /** Hold all text until the output check passed (and substitute a `modify` redaction). Default `false`. */
  bufferText?: boolean | undefined;
  /** Characters of text and tool arguments kept for the checks; past it the stream fails. Default 1 000 000. */
  maxStreamChars?: number | undefined;
}

interface CallParts {
  name: string;
  custom: boolean;
}

/**
 * Wraps a Chat Completions stream. Text deltas pass through as they arrive (unless `bufferText`); from the first
 * tool-call delta or `finish_reason` on, every chunk is held. When the upstream ends, the assembled tool calls
 * (tool_call) and the full text of each choice (response) are checked; only then are the held chunks delivered,
 * with `modify` redactions written into them. A block throws from the stream instead, so no tool call and no
 * finish chunk is ever seen for blocked output. Text already delivered cannot be recalled: under `modify`
 * without `bufferText` a warning is logged and the delivered text stays as it was.
 */
export function guardChatStream(
  guard: IntegrationGuard,
  stream: Stream<ChatCompletionChunk>,
  sessionId: string | undefined,
  options: GuardStreamOptions,
): Stream<ChatCompletionChunk> {
  const StreamClass = stream.constructor as typeof Stream;
  async function* iterate(): AsyncGenerator<ChatCompletionChunk> {
    const budget = new StreamBudget(options.maxStreamChars, () => stream.controller.abort());
    const text = new Accumulator(budget);
    const args = new Accumulator(budget);
    const calls = new Map<string, CallParts>();
    const held: ChatCompletionChunk[] = [];
    let holding = options.bufferText === true;
    for await (const chunk of stream) {
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta;
        text.append(String(choice.index), delta?.content);
        for (const call of delta?.tool_calls ?? []) {
          holding = true;
          const key = `${choice.index}:${call.index}`;
          const parts = calls.get(key) ?? { name: "", custom: call.type === "custom" };
          const name = call.function?.name ?? call.custom?.name;
          if (name) parts.name = name;
          if (call.type === "custom") parts.custom = true;
          calls.set(key, parts);
          args.append(key, call.function?.arguments ?? call.custom?.input);
        }
        if (choice.finish_reason) holding = true;
      }
      if (holding) {
        budget.add(1); // held chunks count too, so a flood of empty chunks is bounded
        held.push(chunk);
      } else {
        yield chunk;
      }
    }
    const argReplacements = new Map<string, string>();
    for (const [key, parts] of calls) {
      const raw = args.values.get(key) ?? "";
      const outcome = await guard.check({
        kind: "tool_call",
        toolName: parts.name,
        toolArgs: parts.custom ? { input: raw } : toArgs(raw),
        sessionId,
      });
      if (outcome.modified) {
        argReplacements.set(key, parts.custom ? String(outcome.args?.input ?? raw) : outcome.content);
      }
    }
    const textReplacements = new Map<string, string>();
    for (const [key, value] of text.values) {
      const outcome = await guard.check({ kind: "response", content: value, sessionId });
      if (!outcome.modified) continue;
      if (options.bufferText) textReplacements.set(key, outcome.content);
      else
        guard.logger?.warn(
          "Highflame openai: modify decision on streamed text that was already delivered; set bufferText to substitute redactions",
        );
    }
    const argsOut = new Replacements(argReplacements);
    const textOut = new Replacements(textReplacements);
    for (const chunk of held) yield rewriteChunk(chunk, argsOut, textOut);
  }
  return new StreamClass(() => iterate(), stream.controller);
}

function rewriteChunk(
  chunk: ChatCompletionChunk,
  args: Replacements,
  text: Replacements,
): ChatCompletionChunk {
  for (const choice of chunk.choices ?? []) {
    const delta = choice.delta;
    if (!delta) continue;
    const textKey = String(choice.index);
    if (typeof delta.content === "string" && text.has(textKey)) delta.content = text.delta(textKey);
    for (const call of delta.tool_calls ?? []) {
      const key = `${choice.index}:${call.index}`;
      if (!args.has(key)) continue;
      if (call.function && typeof call.function.arguments === "string")
        call.function.arguments = args.delta(key);
      if (call.custom && typeof call.custom.input === "string") call.custom.input = args.delta(key);
    }
  }
  return chunk;
}
