/**
 * Highflame Shield for the Model Context Protocol TypeScript SDK v2 (`@modelcontextprotocol/client` and
 * `@modelcontextprotocol/server`): `guardMcpClient` for a client, `guardMcpServer` / `guardToolHandler` for a
 * server's tools. For the v1 line (`@modelcontextprotocol/sdk`) import `@highflame/integrations/mcp/v1`: the
 * same code, typed for v1.
 *
 * @packageDocumentation
 */

import { importAnyPeer } from "../openai/peer-import.js";

await importAnyPeer(
  [() => import("@modelcontextprotocol/client"), () => import("@modelcontextprotocol/server")],
  [
    { packageName: "@modelcontextprotocol/client", range: "^2.0.0", subpath: "@highflame/integrations/mcp" },
    { packageName: "@modelcontextprotocol/server", range: "^2.0.0", subpath: "@highflame/integrations/mcp" },
  ],
);

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
