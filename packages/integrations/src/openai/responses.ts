import type {
  Response,
  ResponseCreateParamsBase,
  ResponseInputItem,
  ResponseOutputItem,
} from "openai/resources/responses/responses";
import type { IntegrationGuard } from "../integration-guard.js";
import type { TrackedMessage } from "../message-tracker.js";
import { withContent } from "../messages.js";
import { asText, contentText, isRecord, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";

/** Output item types that ask the caller to act on a tool call. */
export const TOOL_CALL_ITEMS: ReadonlySet<string> = new Set([
  "function_call",
  "custom_tool_call",
  "mcp_approval_request",
]);

/** Replacement values for one output item after a `modify` decision. */
export interface ItemRewrite {
  /** New `arguments` (function calls, MCP approval requests) or `input` (custom tool calls). */
  args?: string | undefined;
  /** New text of a `message` item. */
  text?: string | undefined;
}

/**
 * Guards the input of a Responses request: scans the tool definitions (once each), checks the user input new for
 * the session (prompt) and the trailing tool outputs (`function_call_output` / `custom_tool_call_output`, as
 * tool_result). Returns the params to send, with `modify` redactions applied to a copy.
 */
export async function guardResponseParams<P extends ResponseCreateParamsBase>(
  guard: IntegrationGuard,
  params: P,
  sessionId: string | undefined,
): Promise<P> {
  if (params.tools) await guard.scanToolDefinitions(toToolDefinitions(params.tools), sessionId);
  const input = params.input;
  if (input === undefined || input === null) return params;
  if (typeof input === "string") {
    const [outcome] = await guard.guardNewUserMessages(sessionId, [{ role: "user", text: input }]);
    return outcome?.modified ? { ...params, input: outcome.content } : params;
  }
  let next: ResponseInputItem[] = input;
  const replace = (index: number, item: ResponseInputItem) => {
    if (next === input) next = [...input];
    next[index] = item;
  };
  const outcomes = await guard.guardNewUserMessages(sessionId, input.map(trackedItem));
  for (const outcome of outcomes) {
    const item = input[outcome.index]!;
    if (outcome.modified && "content" in item) {
      replace(outcome.index, withContent(item, replaceContentText(item.content, outcome.content)));
    }
  }
  const names = new Map<string, string>();
  for (const item of input) {
    if (isRecord(item) && (item.type === "function_call" || item.type === "custom_tool_call")) {
      names.set(String(item.call_id), String(item.name));
    }
  }
  for (let index = input.length - 1; index >= 0; index--) {
    const item = input[index]!;
    if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") break;
    const outcome = await guard.check({
      kind: "tool_result",
      content: outputText(item.output),
      toolName: item.call_id ? names.get(item.call_id) : undefined,
      sessionId,
    });
    if (outcome.modified) replace(index, { ...item, output: outcome.content });
  }
  return next === input ? params : { ...params, input: next };
}

/** An input item as the message tracker sees it: messages by role, tool outputs as `tool`, the rest by type. */
function trackedItem(item: ResponseInputItem): TrackedMessage {
  if ("role" in item && typeof item.role === "string") {
    const role = item.role === "developer" ? "system" : item.role;
    const id = "id" in item && typeof item.id === "string" ? item.id : undefined;
    const text = "content" in item ? contentText(item.content) : "";
    return { role, text, ...(id ? { id } : {}) };
  }
  if (item.type === "function_call_output" || item.type === "custom_tool_call_output") {
    return { role: "tool", text: outputText(item.output) };
  }
  return { role: item.type ?? "", text: "" };
}

function outputText(output: unknown): string {
  return typeof output === "string" ? output : contentText(output) || asText(output);
}

/** Name, arguments and MCP server of a tool-call output item, or `undefined` for other items. */
export function toolCallOf(
  item: ResponseOutputItem,
): { name: string; args: Record<string, unknown>; raw: string; serverId?: string | undefined } | undefined {
  switch (item.type) {
    case "function_call":
      return { name: item.name, args: toArgs(item.arguments), raw: item.arguments };
    case "custom_tool_call":
      return { name: item.name, args: { input: item.input }, raw: item.input };
    case "mcp_approval_request":
      return {
        name: item.name,
        args: toArgs(item.arguments),
        raw: item.arguments,
        serverId: item.server_label,
      };
    default:
      return undefined;
  }
}

/** The text of a `message` output item (its `output_text` parts). */
export function messageText(item: ResponseOutputItem): string {
  return item.type === "message" ? contentText(item.content) : "";
}

/**
 * Checks one output item: a tool call (tool_call; `mcp_approval_request` with its `server_label` as the tool's
 * `server_id`) or a message (response). Throws on a block; returns the rewrite a `modify` decision asks for.
 */
export async function checkOutputItem(
  guard: IntegrationGuard,
  item: ResponseOutputItem,
  sessionId: string | undefined,
  text = messageText(item),
): Promise<ItemRewrite | undefined> {
  const call = toolCallOf(item);
  if (call) {
    const outcome = await guard.check({
      kind: "tool_call",
      toolName: call.name,
      toolArgs: call.args,
      sessionId,
      ...(call.serverId ? { tool: { server_id: call.serverId } } : {}),
    });
    if (!outcome.modified) return undefined;
    return {
      args: item.type === "custom_tool_call" ? String(outcome.args?.input ?? call.raw) : outcome.content,
    };
  }
  if (item.type !== "message" || text === "") return undefined;
  const outcome = await guard.check({ kind: "response", content: text, sessionId });
  return outcome.modified ? { text: outcome.content } : undefined;
}

/** Writes a rewrite into an output item in place. */
export function applyItemRewrite(item: ResponseOutputItem, rewrite: ItemRewrite): void {
  if (rewrite.args !== undefined) {
    if (item.type === "custom_tool_call") item.input = rewrite.args;
    else if (item.type === "function_call" || item.type === "mcp_approval_request")
      item.arguments = rewrite.args;
  }
  if (rewrite.text !== undefined && item.type === "message") {
    item.content = replaceContentText(item.content, rewrite.text) as typeof item.content;
  }
}

/**
 * Guards a Responses result in place: each tool-call item (a block throws before the caller can run it or
 * approve it) and each message's text. `modify` rewrites the items and `output_text`.
 */
export async function guardResponse(
  guard: IntegrationGuard,
  response: Response,
  sessionId: string | undefined,
): Promise<Response> {
  let rewritten = false;
  for (const item of response.output ?? []) {
    const rewrite = await checkOutputItem(guard, item, sessionId);
    if (!rewrite) continue;
    applyItemRewrite(item, rewrite);
    rewritten = true;
  }
  if (rewritten && typeof response.output_text === "string") {
    response.output_text = (response.output ?? [])
      .map(messageText)
      .filter((t) => t !== "")
      .join("");
  }
  return response;
}
