import { asText, isRecord } from "../text.js";

/**
 * The text of an MCP tool result as checked: its text blocks, embedded text resources and `structuredContent`
 * (as JSON), joined by newlines; the legacy `{toolResult}` shape as JSON. Images and audio are not text.
 */
export function toolResultText(result: unknown): string {
  if (!isRecord(result)) return asText(result);
  if (!Array.isArray(result.content)) return "toolResult" in result ? asText(result.toolResult) : "";
  const parts: string[] = [];
  for (const block of result.content) {
    if (!isRecord(block)) continue;
    if (block.type === "text" && typeof block.text === "string") parts.push(block.text);
    else if (
      block.type === "resource" &&
      isRecord(block.resource) &&
      typeof block.resource.text === "string"
    ) {
      parts.push(block.resource.text);
    }
  }
  if (result.structuredContent !== undefined) parts.push(asText(result.structuredContent));
  return parts.filter((p) => p !== "").join("\n");
}

/**
 * A tool result with its text replaced by `text` (a `modify` redaction): one text block, the non-text blocks
 * kept, `structuredContent` dropped (it carried the unredacted values).
 */
export function withResultText<R>(result: R, text: string): R {
  if (!isRecord(result)) return result;
  if (!Array.isArray(result.content)) return { ...result, toolResult: text } as R;
  const kept = result.content.filter(
    (block) => isRecord(block) && block.type !== "text" && block.type !== "resource",
  );
  const { structuredContent: _dropped, ...rest } = result;
  return { ...rest, content: [{ type: "text", text }, ...kept] } as R;
}
