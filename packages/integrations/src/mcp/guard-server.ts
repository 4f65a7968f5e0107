import { ConfigurationError } from "@highflame/core";
import { BlockedError } from "@highflame/shield";
import { IntegrationGuard } from "../integration-guard.js";
import { resolveSessionId } from "../session-id.js";
import { isRecord } from "../text.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import { blockedToolResult } from "./block-result.js";
import { toolResultText, withResultText } from "./tool-result-text.js";

/** Options of `guardMcpServer` / `guardToolHandler`. */
export interface GuardMcpServerOptions extends IntegrationOptions {
  /** This server's id, sent as `mcp.server_id` and `tool.server_id`. Default: none. */
  serverId?: string | undefined;
}

/** A tool callback in either form the SDKs call it: `(args, ctx)` with an input schema, `(ctx)` without. */
type AnyCallback = (...params: never[]) => unknown;

/** The part of an MCP server the guard wraps: `registerTool(name, config, callback)`. */
export interface McpServerShape {
  registerTool(name: string, config: never, callback: never): unknown;
}

/** Builds the guarded form of a callback for tool `name` (shared by the handler and server wrappers). */
export function guardedCallback<F extends AnyCallback>(
  guard: IntegrationGuard,
  name: string,
  serverId: string | undefined,
  callback: F,
): F {
  const tool = serverId ? { server_id: serverId } : undefined;
  const guarded = async (...params: unknown[]) => {
    // With an input schema the SDKs call (args, ctx); without one, (ctx).
    const hasArgs = params.length >= 2;
    const args = hasArgs && isRecord(params[0]) ? params[0] : {};
    const ctx = params.at(-1);
    const sessionId = resolveSessionId(guard.sessionId, () => (isRecord(ctx) ? ctx.sessionId : undefined));
    try {
      const input = await guard.check({ kind: "tool_call", toolName: name, toolArgs: args, sessionId, tool });
      const callParams = hasArgs && input.modified ? [input.args, ...params.slice(1)] : params;
      const result = await (callback as unknown as (...p: unknown[]) => unknown)(...callParams);
      if (!isRecord(result) || result.isError === true) return result;
      const output = await guard.check({
        kind: "tool_result",
        toolName: name,
        content: toolResultText(result),
        sessionId,
        tool,
      });
      return output.modified ? withResultText(result, output.content) : result;
    } catch (error) {
      // A block is the tool's answer, as an MCP tool error the client can recognise; anything else propagates.
      if (error instanceof BlockedError) return blockedToolResult(error);
      throw error;
    }
  };
  return guarded as unknown as F;
}

/**
 * Guards every tool registered on `server` from now on (`registerTool`): the arguments before the handler runs
 * (tool_call) and its result before it is sent (tool_result). A block never runs the handler (or never sends
 * its result) and answers with an MCP tool error, `isError: true` with a `Blocked by Highflame Shield: …` text
 * and `_meta["ai.highflame/guard"]` carrying the decision, which `guardMcpClient` turns back into a
 * `BlockedError`. Returns a view of the server; register tools through it (v1's deprecated `tool()` is refused
 * with a `ConfigurationError`, since it would register an unguarded handler).
 */
export function guardMcpServerShape<S extends McpServerShape>(
  server: S,
  client: ShieldLike,
  options: GuardMcpServerOptions = {},
): S {
  const guard = newServerGuard(client, options);
  const registerTool = (name: string, config: never, callback: AnyCallback) =>
    server.registerTool(name, config, guardedCallback(guard, name, options.serverId, callback) as never);
  const refuseTool = () => {
    throw new ConfigurationError(
      "McpServer.tool() is not guarded by Highflame; register tools with registerTool() on the guarded server",
      { option: "tool" },
    );
  };
  return new Proxy(server, {
    get(target, property) {
      if (property === "registerTool") return registerTool;
      // v1's deprecated `tool()` overloads would register an unguarded handler.
      if (property === "tool" && typeof (target as { tool?: unknown }).tool === "function") return refuseTool;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The enforcement core of a server-side guard (adapter name `mcp-server`, `mcp.server_id` when given). */
export function newServerGuard(client: ShieldLike, options: GuardMcpServerOptions): IntegrationGuard {
  const extras = options.request ?? {};
  const request = options.serverId
    ? { ...extras, mcp: { ...(isRecord(extras.mcp) ? extras.mcp : {}), server_id: options.serverId } }
    : extras;
  return new IntegrationGuard(client, { ...options, request }, "mcp-server");
}
