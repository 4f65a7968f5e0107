import { createHash } from "node:crypto";
import { RequestValidationError } from "@highflame/core";

/** Longest session id {@link scopedSessionId} returns; longer ones are shortened to a stable hash. */
export const MAX_SESSION_ID_LENGTH = 200;

/** The parts that scope a session: who the end user is and which conversation, optionally within a tenant. */
export interface SessionScope {
  /** Tenant or application scope, e.g. your account/project. Optional. */
  tenant?: string | undefined;
  /** End-user id (required: a session shared across users mixes their risk budgets). */
  user: string;
  /** Conversation, thread or task id (required: one session per conversation). */
  conversation: string;
}

/**
 * Builds a `session_id` scoped to tenant, user and conversation, as the production checklist asks. Each part is
 * percent-encoded before joining, so `("a/b", "c")` and `("a", "b/c")` never collide; ids longer than
 * {@link MAX_SESSION_ID_LENGTH} become `sha256:<hex>` of the full id (stable, and no personal data leaks).
 *
 * @example
 * ```ts
 * await client.guard.evaluatePrompt(text, { sessionId: scopedSessionId({ user: userId, conversation: threadId }) });
 * ```
 */
export function scopedSessionId(scope: SessionScope): string {
  const parts: string[] = [];
  if (scope.tenant !== undefined) parts.push(`t:${part(scope.tenant, "tenant")}`);
  parts.push(`u:${part(scope.user, "user")}`, `c:${part(scope.conversation, "conversation")}`);
  const id = parts.join("/");
  if (id.length <= MAX_SESSION_ID_LENGTH) return id;
  return `sha256:${createHash("sha256").update(id).digest("hex")}`;
}

function part(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new RequestValidationError(`session scope "${field}" must be a non-empty string`, { field });
  }
  return encodeURIComponent(value);
}
