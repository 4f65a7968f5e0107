import type { ResponseInputItem } from "openai/resources/responses/responses";
import type { IntegrationGuard } from "../integration-guard.js";
import { guardResponseParams } from "./responses.js";

/**
 * Guards the items a caller adds to a conversation (`conversations.create({ items })`,
 * `conversations.items.create(id, { items })`): the user messages as prompts and tool outputs as tool results,
 * exactly as Responses input. Returns the items to send (redacted after `modify`).
 */
export async function guardConversationItems(
  guard: IntegrationGuard,
  items: ResponseInputItem[] | null | undefined,
  sessionId: string | undefined,
): Promise<ResponseInputItem[] | null | undefined> {
  if (!items || items.length === 0) return items;
  const guarded = await guardResponseParams(guard, { input: items }, sessionId);
  return guarded.input as ResponseInputItem[];
}

/** The id of a Responses `conversation` parameter (`"conv_…"` or `{ id }`). */
export function conversationIdOf(conversation: unknown): string | undefined {
  if (typeof conversation === "string") return conversation;
  if (conversation && typeof conversation === "object" && "id" in conversation) {
    const id = (conversation as { id: unknown }).id;
    return typeof id === "string" ? id : undefined;
  }
  return undefined;
}
