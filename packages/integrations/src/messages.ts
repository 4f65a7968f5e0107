import type { TrackedMessage } from "./message-tracker.js";
import { contentText, isRecord } from "./text.js";

const ROLE_ALIASES: Record<string, string> = {
  human: "user",
  user: "user",
  ai: "assistant",
  assistant: "assistant",
  model: "assistant",
  tool: "tool",
  function: "tool",
  system: "system",
  developer: "system",
};

/**
 * The normalised role of a framework message: LangChain messages (`_getType()`/`getType()`/`type`: `human`,
 * `ai`, `tool`, `system`), or `{role}` objects (OpenAI, Strands, AI SDK, Foundry). Unknown → `""`.
 */
export function messageRole(message: unknown): string {
  if (!isRecord(message)) return "";
  for (const method of ["_getType", "getType"] as const) {
    const fn = message[method];
    if (typeof fn === "function") {
      try {
        const type = (fn as () => unknown).call(message);
        if (typeof type === "string") return ROLE_ALIASES[type] ?? type;
      } catch {
        // fall through
      }
    }
  }
  const raw = typeof message.role === "string" ? message.role : message.type;
  return typeof raw === "string" ? (ROLE_ALIASES[raw] ?? raw) : "";
}

/** A framework message as a {@link TrackedMessage} (role, text of its content, and its `id` when it has one). */
export function toTrackedMessage(message: unknown): TrackedMessage {
  if (typeof message === "string") return { role: "user", text: message };
  const record = isRecord(message) ? message : {};
  const id = typeof record.id === "string" && record.id !== "" ? record.id : undefined;
  return { role: messageRole(message), text: contentText(record.content), ...(id ? { id } : {}) };
}

/**
 * A copy of a message with other `content`, keeping its prototype (so LangChain message classes stay class
 * instances) and every other field, including `id` (so id-keyed reducers replace the original).
 */
export function withContent<M>(message: M, content: unknown): M {
  if (!isRecord(message)) return content as M;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(message)), message) as Record<
    string,
    unknown
  >;
  copy.content = content;
  if (isRecord(copy.lc_kwargs)) copy.lc_kwargs = { ...copy.lc_kwargs, content };
  return copy as M;
}
