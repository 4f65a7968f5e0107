import type { ResponseOutputItem, ResponseStreamEvent } from "openai/resources/responses/responses";
import type { Stream } from "openai/streaming";
import type { IntegrationGuard } from "../integration-guard.js";
import type { GuardStreamOptions } from "./chat-stream.js";
import { applyItemRewrite, checkOutputItem, type ItemRewrite, TOOL_CALL_ITEMS } from "./responses.js";
import { Accumulator, Replacements, StreamBudget } from "./stream-buffer.js";

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

/**
 * Wraps a Responses stream with the same rule as the Chat Completions one: text deltas pass through as they
 * arrive (unless `bufferText`); from the first tool-call item (`function_call`, `custom_tool_call`,
 * `mcp_approval_request`) or terminal event (`response.completed` / `incomplete` / `failed`) on, events are held.
 * When the upstream ends, each tool call and each message's full text is checked; the held events are then
 * delivered with `modify` redactions written into them (deltas, `done` events, items and the final response), or
 * the stream throws `BlockedError` / `SuspendedError` instead.
 */
export function guardResponseStream(
  guard: IntegrationGuard,
  stream: Stream<ResponseStreamEvent>,
  sessionId: string | undefined,
  options: GuardStreamOptions,
): Stream<ResponseStreamEvent> {
  const StreamClass = stream.constructor as typeof Stream;
  async function* iterate(): AsyncGenerator<ResponseStreamEvent> {
    const budget = new StreamBudget(options.maxStreamChars, () => stream.controller.abort());
    const text = new Accumulator(budget);
    const args = new Accumulator(budget);
    const items = new Map<string, ResponseOutputItem>();
    const held: ResponseStreamEvent[] = [];
    let holding = options.bufferText === true;
    for await (const event of stream) {
      switch (event.type) {
        case "response.output_item.added":
        case "response.output_item.done":
          items.set(String(event.output_index), event.item);
          if (TOOL_CALL_ITEMS.has(event.item.type)) holding = true;
          break;
        case "response.output_text.delta":
          text.append(String(event.output_index), event.delta);
          break;
        case "response.function_call_arguments.delta":
        case "response.custom_tool_call_input.delta":
          holding = true;
          args.append(String(event.output_index), event.delta);
          break;
        case "response.function_call_arguments.done":
          args.set(String(event.output_index), event.arguments);
          break;
        case "response.custom_tool_call_input.done":
          args.set(String(event.output_index), event.input);
          break;
        default:
          if (TERMINAL.has(event.type)) holding = true;
      }
      if (holding) {
        budget.add(1); // held events count too, so a flood of small events is bounded
        held.push(event);
      } else {
        yield event;
      }
    }
    const rewrites = new Map<string, ItemRewrite>();
    for (const [key, item] of items) {
      const streamed = args.values.get(key);
      const checked = streamed !== undefined ? withArgs(item, streamed) : item;
      const rewrite = await checkOutputItem(guard, checked, sessionId, text.values.get(key) ?? undefined);
      if (!rewrite) continue;
      if (rewrite.text !== undefined && !options.bufferText) {
        guard.logger?.warn(
          "Highflame openai: modify decision on streamed text that was already delivered; set bufferText to substitute redactions",
        );
        if (rewrite.args === undefined) continue;
      }
      rewrites.set(key, rewrite);
    }
    const argsOut = new Replacements(valuesOf(rewrites, "args"));
    const textOut = new Replacements(valuesOf(rewrites, "text"));
    for (const event of held) yield rewriteEvent(event, rewrites, argsOut, textOut);
  }
  return new StreamClass(() => iterate(), stream.controller);
}

function withArgs(item: ResponseOutputItem, raw: string): ResponseOutputItem {
  if (item.type === "function_call" || item.type === "mcp_approval_request")
    return { ...item, arguments: raw };
  if (item.type === "custom_tool_call") return { ...item, input: raw };
  return item;
}

function valuesOf(rewrites: Map<string, ItemRewrite>, field: keyof ItemRewrite): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, rewrite] of rewrites) {
    const value = rewrite[field];
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

function rewriteEvent(
  event: ResponseStreamEvent,
  rewrites: Map<string, ItemRewrite>,
  args: Replacements,
  text: Replacements,
): ResponseStreamEvent {
  if (rewrites.size === 0) return event;
  if (TERMINAL.has(event.type) && "response" in event) {
    event.response.output?.forEach((item, index) => {
      const rewrite = rewrites.get(String(index));
      if (rewrite) applyItemRewrite(item, rewrite);
    });
    return event;
  }
  if (!("output_index" in event)) return event;
  const key = String(event.output_index);
  const rewrite = rewrites.get(key);
  if (!rewrite) return event;
  switch (event.type) {
    case "response.output_item.done":
      applyItemRewrite(event.item, rewrite);
      break;
    case "response.function_call_arguments.delta":
    case "response.custom_tool_call_input.delta":
      if (args.has(key)) event.delta = args.delta(key);
      break;
    case "response.function_call_arguments.done":
      if (rewrite.args !== undefined) event.arguments = rewrite.args;
      break;
    case "response.custom_tool_call_input.done":
      if (rewrite.args !== undefined) event.input = rewrite.args;
      break;
    case "response.output_text.delta":
      if (text.has(key)) event.delta = text.delta(key);
      break;
    case "response.output_text.done":
      if (rewrite.text !== undefined) event.text = rewrite.text;
      break;
    case "response.content_part.done":
      if (rewrite.text !== undefined && event.part.type === "output_text") event.part.text = rewrite.text;
      break;
  }
  return event;
}
