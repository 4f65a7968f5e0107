import type { SSEFrame } from "./types.js";

/**
 * Encode one server-sent event.
 *
 * @param frame - A frame to encode, or a string that is returned unchanged (for hand-written or malformed input).
 * @param lineEnding - Terminator for every line, including the blank line that ends the event. Default `"\n"`.
 * @returns The encoded event, ending with an empty line.
 */
export function encodeSSE(frame: SSEFrame | string, lineEnding: "\n" | "\r" | "\r\n" = "\n"): string {
  if (typeof frame === "string") return frame;
  const lines: string[] = [];
  if (frame.comment !== undefined) {
    for (const line of splitLines(frame.comment)) lines.push(`: ${line}`);
  }
  if (frame.event !== undefined) lines.push(`event: ${frame.event}`);
  if (frame.id !== undefined) lines.push(`id: ${frame.id}`);
  if (frame.retry !== undefined) lines.push(`retry: ${frame.retry}`);
  if (frame.data !== undefined) {
    const data = typeof frame.data === "string" ? frame.data : JSON.stringify(frame.data);
    for (const line of splitLines(data)) lines.push(`data: ${line}`);
  }
  return lines.map((line) => line + lineEnding).join("") + lineEnding;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
