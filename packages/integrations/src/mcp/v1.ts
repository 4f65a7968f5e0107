/**
 * Highflame Shield for the MCP TypeScript SDK v1 maintenance line (`@modelcontextprotocol/sdk` 1.x): the same
 * guards as `@highflame/integrations/mcp`, typed for v1's `Client` and `McpServer`.
 *
 * @packageDocumentation
 */

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { requirePeer } from "../peer.js";
import type { ShieldLike } from "../types.js";
import { type GuardMcpClientOptions, guardMcpClientShape } from "./guard-client.js";
import {
  type GuardMcpServerOptions,
  guardedCallback,
  guardMcpServerShape,
  newServerGuard,
} from "./guard-server.js";

await requirePeer({
  specifier: "@modelcontextprotocol/sdk",
  subpath: "@highflame/integrations/mcp/v1",
  install: '@modelcontextprotocol/sdk@"^1.25.0"',
  load: () => import("@modelcontextprotocol/sdk/client/index.js"),
});

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type BlockedToolResult,
  blockedErrorFromResult,
  blockedToolResult,
  HIGHFLAME_META_KEY,
  type HighflameBlockMeta,
  highflameBlockOf,
} from "./block-result.js";
export type { GuardMcpClientOptions, GuardMcpServerOptions };

/** Guards an MCP v1 `Client` (`callTool`, `listTools`); see the v2 `guardMcpClient`. */
export function guardMcpClient<C extends Client>(
  mcpClient: C,
  client: ShieldLike,
  options?: GuardMcpClientOptions,
): C {
  return guardMcpClientShape(mcpClient, client, options);
}

/** Guards every tool later registered through the returned view of an MCP v1 `McpServer`. */
export function guardMcpServer<S extends McpServer>(
  server: S,
  client: ShieldLike,
  options?: GuardMcpServerOptions,
): S {
  return guardMcpServerShape(server as S & { registerTool: never }, client, options);
}

/**
 * Guards one v1 tool callback (`(args, extra) => CallToolResult`).
 *
 * @typeParam F - The callback's own type, kept as is.
 */
export function guardToolHandler<F extends (...params: never[]) => unknown>(
  client: ShieldLike,
  name: string,
  callback: F,
  options: GuardMcpServerOptions = {},
): F {
  return guardedCallback(newServerGuard(client, options), name, options.serverId, callback);
}
