import { GuardRequestSchema, type ParsedGuardRequest } from "@highflame/shield";
import { ShieldEngine } from "../shield/engine.js";
import type { LoadedPolicy } from "../shield/policy-engine.js";
import { DEFAULT_SESSION_THRESHOLDS, SessionStore } from "../shield/session-store.js";
import type { ShieldEvaluation } from "./evaluation.js";
import { QueryError } from "./event-filter.js";

/** Subject recorded for playground runs. */
export const PLAYGROUND_SUBJECT = "observatory-playground";

/**
 * The playground: runs a guard request against the loaded policies with `explain` on. It has its own session
 * state, so replaying a payload never changes the sessions of real traffic.
 */
export class Playground {
  readonly #engine: ShieldEngine;

  constructor(policies: readonly LoadedPolicy[]) {
    this.#engine = new ShieldEngine(policies, new SessionStore(), DEFAULT_SESSION_THRESHOLDS);
  }

  /**
   * Validates `body` as a guard request (a bare string is a prompt) and evaluates it. Throws
   * {@link QueryError} naming the first invalid field.
   */
  run(body: unknown, tenant: { accountId: string; projectId: string }, requestId: string): ShieldEvaluation {
    const input =
      typeof body === "string"
        ? { content: body, content_type: "prompt", action: "process_prompt" }
        : body &&
            typeof body === "object" &&
            !("action" in body) &&
            (body as { content_type?: unknown }).content_type === undefined
          ? { content_type: "prompt", action: "process_prompt", ...(body as object) }
          : body;
    const parsed = GuardRequestSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? issue.path.join(".") : "body";
      throw new QueryError(`${where}: ${issue.message}`);
    }
    const request: ParsedGuardRequest = { ...parsed.data, explain: true };
    const response = this.#engine.guard(request, { requestId, principal: PLAYGROUND_SUBJECT, ...tenant });
    return {
      endpoint: "guard",
      request,
      claims: { sub: PLAYGROUND_SUBJECT },
      ...tenant,
      requestId,
      response,
    };
  }
}
