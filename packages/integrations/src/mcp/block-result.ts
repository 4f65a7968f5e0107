import { type BlockedError, blockedErrorFor, type GuardResult } from "@highflame/shield";
import { isRecord } from "../text.js";

/** The `_meta` key under which a guarded MCP server marks a tool result it blocked. */
export const HIGHFLAME_META_KEY = "ai.highflame/guard";

/** What a blocked tool result carries in `_meta["ai.highflame/guard"]` (wire names, no content). */
export interface HighflameBlockMeta {
  /** Always `true` on a block. */
  blocked: true;
  /** The Shield decision (`deny`, `step_up`, `defer`, …). */
  decision: string;
  /** The policy's reason, when the server gave one. */
  policy_reason?: string | undefined;
  /** The guard request id, for support. */
  request_id?: string | undefined;
}

/** The `CallToolResult` a guarded server returns for a blocked call: an MCP tool error the model can read. */
export interface BlockedToolResult {
  [key: string]: unknown;
  /** One text block: `Blocked by Highflame Shield: <reason>`. */
  content: { type: "text"; text: string }[];
  /** Always `true`. */
  isError: true;
  /** `{ "ai.highflame/guard": HighflameBlockMeta }`. */
  _meta: Record<string, unknown>;
}

/** Builds the MCP tool error for a block. */
export function blockedToolResult(error: BlockedError): BlockedToolResult {
  const meta: HighflameBlockMeta = {
    blocked: true,
    decision: error.decision,
    ...(error.reason ? { policy_reason: error.reason } : {}),
    ...(error.response.request_id ? { request_id: error.response.request_id } : {}),
  };
  const text = `Blocked by Highflame Shield${error.reason ? `: ${error.reason}` : ""}`;
  return { content: [{ type: "text", text }], isError: true, _meta: { [HIGHFLAME_META_KEY]: meta } };
}

/** The Highflame block marker of a tool result, or `undefined` when the result is not a Highflame block. */
export function highflameBlockOf(result: unknown): HighflameBlockMeta | undefined {
  if (!isRecord(result) || result.isError !== true || !isRecord(result._meta)) return undefined;
  const meta = result._meta[HIGHFLAME_META_KEY];
  if (!isRecord(meta) || meta.blocked !== true || typeof meta.decision !== "string") return undefined;
  return {
    blocked: true,
    decision: meta.decision,
    policy_reason: typeof meta.policy_reason === "string" ? meta.policy_reason : undefined,
    request_id: typeof meta.request_id === "string" ? meta.request_id : undefined,
  };
}

/**
 * The `BlockedError` (or `SuspendedError` for `step_up` / `defer`) a blocked tool result stands for, so a client
 * can `catch` a server-side block like a local one. `undefined` when the result is not a Highflame block.
 */
export function blockedErrorFromResult(result: unknown): BlockedError | undefined {
  const meta = highflameBlockOf(result);
  if (!meta) return undefined;
  return blockedErrorFor({
    decision: meta.decision,
    ...(meta.policy_reason ? { policy_reason: meta.policy_reason } : {}),
    ...(meta.request_id ? { request_id: meta.request_id } : {}),
  } as GuardResult);
}
