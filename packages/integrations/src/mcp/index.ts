/**
 * Highflame Shield for the Model Context Protocol TypeScript SDK v2 (`@modelcontextprotocol/client` and
 * `@modelcontextprotocol/server`): `guardMcpClient` for a client, `guardMcpServer` / `guardToolHandler` for a
 * server's tools. For the v1 line (`@modelcontextprotocol/sdk`) import `@highflame/integrations/mcp/v1`: the
 * same code, typed for v1.
 *
 * @packageDocumentation
 */

import { requireAnyPeer } from "../peer.js";

await requireAnyPeer([
  {
    specifier: "@modelcontextprotocol/client",
    subpath: "@highflame/integrations/mcp",
    install: '@modelcontextprotocol/client@"^2.0.0"',
    load: () => import("@modelcontextprotocol/client"),
  },
  {
    specifier: "@modelcontextprotocol/server",
    subpath: "@highflame/integrations/mcp",
    install: '@modelcontextprotocol/server@"^2.0.0"',
    load: () => import("@modelcontextprotocol/server"),
  },
]);

export { BlockedError, SuspendedError } from "@highflame/shield";
export {
  type BlockedToolResult,
  blockedErrorFromResult,
  blockedToolResult,
  HIGHFLAME_META_KEY,
  type HighflameBlockMeta,
  highflameBlockOf,
} from "./block-result.js";
export type { GuardMcpClientOptions } from "./guard-client.js";
export type { GuardMcpServerOptions } from "./guard-server.js";
export { guardMcpClient, guardMcpServer, guardToolHandler } from "./v2.js";
