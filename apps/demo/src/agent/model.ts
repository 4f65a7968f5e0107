/** A planned tool call. */
export type PlannedCall =
  | { tool: "search_docs"; args: { query: string } }
  | { tool: "read_file"; args: { path: string } }
  | { tool: "transfer_funds"; args: { amount: number; to: string } };

/**
 * The "model" of the demo agent: fixed rules instead of an LLM, so every run makes the same tool calls. A real
 * agent would get these from function calling.
 */
export function planToolCall(message: string): PlannedCall {
  const transfer = /transfer \$?([\d,]+) to (\w+)/i.exec(message);
  if (transfer) {
    return {
      tool: "transfer_funds",
      args: { amount: Number(transfer[1]!.replace(/,/g, "")), to: transfer[2]! },
    };
  }
  const file = /file (\S+)/i.exec(message);
  if (file) return { tool: "read_file", args: { path: file[1]! } };
  return { tool: "search_docs", args: { query: message } };
}

/** The model's final answer from the tool output. */
export async function composeAnswer(_message: string, toolOutput: string): Promise<string> {
  return `Here is what I found: ${toolOutput}`;
}
