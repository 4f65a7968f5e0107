/**
 * `@highflame/sdk/integrations/mcp/v1`: re-exports `@highflame/integrations/mcp/v1` (the MCP guards typed for
 * `@modelcontextprotocol/sdk` 1.x). Needs `@modelcontextprotocol/sdk` installed.
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
} from "@highflame/integrations/mcp/v1";
