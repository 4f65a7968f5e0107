/** True for a non-null object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Text of one content block: `{text: string}` or `{text: {value: string}}` (any `type`); else `undefined`. */
function blockText(block: unknown): string | undefined {
  if (typeof block === "string") return block;
  if (!isRecord(block)) return undefined;
  if (typeof block.text === "string") return block.text;
  if (isRecord(block.text) && typeof block.text.value === "string") return block.text.value;
  return undefined;
}

/**
 * The text of message content as frameworks represent it: a string, or an array of blocks whose text parts
 * (`{type: "text", text}`, `{type: "textBlock", text}`, `{text}`, Azure `{type: "text", text: {value}}`) are
 * joined with newlines. Non-text blocks (images, tool calls, tool results) are ignored.
 */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map(blockText)
      .filter((t): t is string => t !== undefined && t !== "")
      .join("\n");
  }
  return blockText(content) ?? "";
}

/**
 * `content` with its text replaced by `text`: a string becomes `text`; in a block array the first text block
 * carries `text` (keeping its shape) and the other text blocks are dropped; non-text blocks are kept.
 */
export function replaceContentText(content: unknown, text: string): unknown {
  if (typeof content === "string" || content === undefined || content === null) return text;
  if (!Array.isArray(content)) return withBlockText(content, text);
  let placed = false;
  const out: unknown[] = [];
  for (const block of content) {
    if (blockText(block) === undefined) {
      out.push(block);
    } else if (!placed) {
      out.push(withBlockText(block, text));
      placed = true;
    }
  }
  if (!placed) out.unshift({ type: "text", text });
  return out;
}

function withBlockText(block: unknown, text: string): unknown {
  if (typeof block === "string" || !isRecord(block)) return text;
  if (isRecord(block.text)) return cloneWith(block, { text: cloneWith(block.text, { value: text }) });
  return cloneWith(block, { text });
}

/**
 * A shallow copy of `value` with `patch` applied that keeps its prototype, so framework classes (Strands
 * `TextBlock`, LangChain messages) stay instances of their class.
 */
export function cloneWith<T extends object>(value: T, patch: Record<string, unknown>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value)) as object, value, patch) as T;
}

/** JSON-parses `text`, or `undefined` when it is not JSON. */
export function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Tool arguments as an object: objects as is, JSON object strings parsed, anything else as `{input: value}`. */
export function toArgs(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (typeof value === "string") {
    const parsed = safeJsonParse(value);
    if (isRecord(parsed)) return parsed;
  }
  return value === undefined || value === null ? {} : { input: value };
}

/** A value as guard text: strings as is, everything else as JSON (`""` when not serialisable). */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return String(value);
  }
}
