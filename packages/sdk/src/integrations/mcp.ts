/**
 * `@highflame/sdk/integrations/mcp`: re-exports `@highflame/integrations/mcp` (MCP TypeScript SDK v2 client and
 * server guards). Needs `@modelcontextprotocol/client` and/or `@modelcontextprotocol/server` installed.
 *
 * @packageDocumentation
 */

export {
  BlockedError,
  type BlockedToolResult,
  blockedErrorFromResult,
  blockedToolResult,
  type GuardMcpClientOptions,
  type GuardMcpServerOptions,
  guardMcpClient,
  guardMcpServer,
  guardToolHandler,
  HIGHFLAME_META_KEY,
  type HighflameBlockMeta,
  highflameBlockOf,
  SuspendedError,
} from "@highflame/integrations/mcp";
