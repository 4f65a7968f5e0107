import { BlockedError } from "@highflame/shield";
import { IntegrationGuard } from "../integration-guard.js";
import { isRecord } from "../text.js";
import type { ToolDefinition } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import { blockedErrorFromResult } from "./block-result.js";
import { toolResultText, withResultText } from "./tool-result-text.js";

/** Options of `guardMcpClient`. */
export interface GuardMcpClientOptions extends IntegrationOptions {
  /**
   * The MCP server's id, sent as `mcp.server_id` and `tool.server_id`. Default: the name the server announced at
   * initialisation (`getServerVersion().name`), else `"mcp"`.
   */
  serverId?: string | undefined;
  /**
   * What `listTools` does with a tool whose definition is blocked (tool poisoning): `drop` removes it from the
   * list (and later calls to it throw `BlockedError` without reaching the server); `throw` rejects the listing.
   * Default `drop`.
   */
  onPoisonedTool?: "drop" | "throw" | undefined;
  /** Poisoned tool names remembered to refuse later calls; the oldest are forgotten beyond it. Default 1 000. */
  maxPoisonedTools?: number | undefined;
}

/** The client methods the guard wraps (both SDK lines share these; the rest of the arguments pass through). */
export interface McpClientShape {
  callTool(
    params: { name: string; arguments?: Record<string, unknown> | undefined },
    ...rest: never[]
  ): Promise<unknown>;
  listTools(...rest: never[]): Promise<unknown>;
  getServerVersion?(): { name: string } | undefined;
}

/**
 * Wraps an MCP client (v2 `@modelcontextprotocol/client` or v1 `@modelcontextprotocol/sdk`; the same code serves
 * both, only the types differ):
 *
 * - `callTool`: the tool name and arguments (tool_call, with the server id as `tool.server_id` and `mcp.server_id`)
 *   before the request; a block throws `BlockedError` and nothing is sent. The result is checked as a tool
 *   response (tool_result) before it is returned; a block throws, a `modify` redaction replaces its text. A
 *   result a guarded server marked as blocked (see `guardMcpServer`) throws the matching `BlockedError`.
 * - `listTools`: every tool definition (name, title + description, input schema) is scanned for poisoning, each
 *   distinct one once (hash-deduplicated, bounded cache).
 *
 * Returns a view of the client; the original is left unguarded.
 */
export function guardMcpClientShape<C extends McpClientShape>(
  mcpClient: C,
  client: ShieldLike,
  options: GuardMcpClientOptions = {},
): C {
  let guard: IntegrationGuard | undefined;
  let serverId = options.serverId;
  const poisoned = new Map<string, BlockedError>();
  const maxPoisoned = Math.max(1, options.maxPoisonedTools ?? 1000);
  // Built on first use: the server's name is known only after `connect()`.
  const guardFor = (): IntegrationGuard => {
    if (guard) return guard;
    serverId ??= safeServerName(mcpClient) ?? "mcp";
    const extras = options.request ?? {};
    const request = { ...extras, mcp: { ...(isRecord(extras.mcp) ? extras.mcp : {}), server_id: serverId } };
    guard = new IntegrationGuard(client, { ...options, request }, "mcp");
    return guard;
  };
  const remember = (name: string, error: BlockedError) => {
    poisoned.delete(name);
    poisoned.set(name, error);
    while (poisoned.size > maxPoisoned) poisoned.delete(poisoned.keys().next().value as string);
  };

  const callTool = async (params: Parameters<C["callTool"]>[0], ...rest: never[]) => {
    const g = guardFor();
    const tool = { server_id: serverId };
    const dropped = poisoned.get(params.name);
    if (dropped) throw dropped; // its definition was blocked at listTools: never call it
    const input = await g.check({
      kind: "tool_call",
      toolName: params.name,
      toolArgs: params.arguments ?? {},
      tool,
    });
    const sent = input.modified ? { ...params, arguments: input.args } : params;
    const result = await mcpClient.callTool(sent, ...rest);
    const serverBlock = blockedErrorFromResult(result);
    if (serverBlock) throw serverBlock;
    const output = await g.check({
      kind: "tool_result",
      toolName: params.name,
      content: toolResultText(result),
      tool,
    });
    return output.modified ? withResultText(result, output.content) : result;
  };

  const listTools = async (...rest: never[]) => {
    const g = guardFor();
    const result = await mcpClient.listTools(...rest);
    if (!isRecord(result) || !Array.isArray(result.tools)) return result;
    const tools = result.tools as unknown[];
    const verdicts = await Promise.allSettled(
      tools.map((tool) => g.scanToolDefinitions(definitionsOf(tool))),
    );
    const kept: unknown[] = [];
    verdicts.forEach((verdict, index) => {
      const tool = tools[index];
      if (verdict.status === "fulfilled") {
        kept.push(tool);
        return;
      }
      if (!(verdict.reason instanceof BlockedError) || options.onPoisonedTool === "throw")
        throw verdict.reason;
      const name = isRecord(tool) && typeof tool.name === "string" ? tool.name : "";
      remember(name, verdict.reason);
      g.logger?.warn(
        `Highflame mcp: dropped tool "${name}" of server "${serverId}": its definition was blocked`,
      );
    });
    return kept.length === tools.length ? result : { ...result, tools: kept };
  };

  return new Proxy(mcpClient, {
    get(target, property) {
      if (property === "callTool") return callTool;
      if (property === "listTools") return listTools;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function safeServerName(mcpClient: McpClientShape): string | undefined {
  try {
    const name = mcpClient.getServerVersion?.()?.name;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** An MCP tool as the definition scanner sees it: title and description together, the input schema. */
function definitionsOf(tool: unknown): ToolDefinition[] {
  if (!isRecord(tool) || typeof tool.name !== "string") return [];
  const text = [tool.title, tool.description].filter((t): t is string => typeof t === "string" && t !== "");
  return [{ name: tool.name, description: text.join("\n") || undefined, parameters: tool.inputSchema }];
}
