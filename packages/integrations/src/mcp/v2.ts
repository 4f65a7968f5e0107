import type { Client } from "@modelcontextprotocol/client";
import type { McpServer, StandardSchemaWithJSON, ToolCallback } from "@modelcontextprotocol/server";
import type { ShieldLike } from "../types.js";
import { type GuardMcpClientOptions, guardMcpClientShape } from "./guard-client.js";
import {
  type GuardMcpServerOptions,
  guardedCallback,
  guardMcpServerShape,
  newServerGuard,
} from "./guard-server.js";

/**
 * Guards an MCP v2 `Client`: `callTool` (arguments before, result after, with the server id as MCP context) and
 * `listTools` (each distinct tool definition scanned once for poisoning). See {@link GuardMcpClientOptions}.
 */
export function guardMcpClient<C extends Client>(
  mcpClient: C,
  client: ShieldLike,
  options?: GuardMcpClientOptions,
): C {
  return guardMcpClientShape(mcpClient, client, options);
}

/**
 * Guards every tool later registered through the returned view of an MCP v2 `McpServer`; blocks answer as MCP
 * tool errors a guarded client recognises.
 */
export function guardMcpServer<S extends McpServer>(
  server: S,
  client: ShieldLike,
  options?: GuardMcpServerOptions,
): S {
  return guardMcpServerShape(server as S & { registerTool: never }, client, options);
}

/** Guards one v2 tool callback (for `registerTool(name, config, guardToolHandler(client, name, callback))`). */
export function guardToolHandler<Args extends StandardSchemaWithJSON | undefined = undefined>(
  client: ShieldLike,
  name: string,
  callback: ToolCallback<Args>,
  options: GuardMcpServerOptions = {},
): ToolCallback<Args> {
  return guardedCallback(newServerGuard(client, options), name, options.serverId, callback as never);
}
