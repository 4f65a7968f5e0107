import { sha256 } from "./hash.js";

/** A conversation message reduced to what the tracker needs. */
export interface TrackedMessage {
  /** Normalised role: `user`, `assistant`, `tool`, `system` (others kept as given). */
  role: string;
  /** Text content (see `contentText`). */
  text: string;
  /** Stable message id when the framework assigns one (LangChain `id`, Foundry message id). */
  id?: string | undefined;
}

/** Options of {@link SessionMessageTracker}. */
export interface SessionMessageTrackerOptions {
  /** Sessions remembered; the least recently used is forgotten beyond this. Default 10 000. */
  maxSessions?: number | undefined;
  /** Message keys remembered per session; the oldest are forgotten beyond this. Default 5 000. */
  maxMessagesPerSession?: number | undefined;
}

/**
 * Remembers, per session, which messages were already guarded, so each turn sends only the new ones (frameworks
 * hand hooks the whole history on every model call). A message is identified by its id when it has one, else by
 * its position and a hash of role and text; rewriting a message (e.g. a redaction) therefore makes it "new"
 * unless {@link markSeen} records the rewritten version.
 *
 * Mark messages seen only after they passed the guard: a blocked message stays "new" and is checked (and
 * blocked) again on the next turn, so it can never slip through in a later turn's history.
 */
export class SessionMessageTracker {
  readonly #sessions = new Map<string, Set<string>>();
  readonly #maxSessions: number;
  readonly #maxMessages: number;

  constructor(options: SessionMessageTrackerOptions = {}) {
    this.#maxSessions = Math.max(1, options.maxSessions ?? 10_000);
    this.#maxMessages = Math.max(1, options.maxMessagesPerSession ?? 5_000);
  }

  /** Number of sessions currently remembered. */
  get size(): number {
    return this.#sessions.size;
  }

  /** The key identifying `message` at `index` of a history. */
  static keyOf(message: TrackedMessage, index: number): string {
    return message.id ? `id:${message.id}` : `${index}:${sha256(`${message.role}\u0000${message.text}`)}`;
  }

  /** Indices of the messages of `messages` not seen before in `sessionId` (does not mark them). */
  unseen(sessionId: string, messages: readonly TrackedMessage[]): number[] {
    const seen = this.#sessions.get(sessionId);
    const out: number[] = [];
    messages.forEach((message, index) => {
      if (!seen?.has(SessionMessageTracker.keyOf(message, index))) out.push(index);
    });
    return out;
  }

  /** Records `message` (at `index`) as guarded in `sessionId`. */
  markSeen(sessionId: string, message: TrackedMessage, index: number): void {
    let seen = this.#sessions.get(sessionId);
    if (seen) {
      this.#sessions.delete(sessionId); // refresh LRU position
    } else {
      seen = new Set();
    }
    this.#sessions.set(sessionId, seen);
    seen.add(SessionMessageTracker.keyOf(message, index));
    while (seen.size > this.#maxMessages) {
      const oldest = seen.values().next().value;
      if (oldest === undefined) break;
      seen.delete(oldest);
    }
    while (this.#sessions.size > this.#maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
  }

  /** Forgets a session (e.g. when the conversation ends). */
  forget(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  /** Forgets every session. */
  clear(): void {
    this.#sessions.clear();
  }
}

/**
 * Without a session id nothing can be remembered safely across conversations, so only the trailing user
 * messages (those after the last non-user message) count as new. Returns their indices.
 */
export function trailingUserIndices(messages: readonly TrackedMessage[]): number[] {
  const out: number[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role !== "user") break;
    out.unshift(i);
  }
  return out;
}
