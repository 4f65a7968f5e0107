import { ConfigurationError, RequestValidationError } from "@highflame/core";
import type { Mode } from "./wire/enums.js";

/** Options of {@link rollout}. */
export interface RolloutOptions {
  /** Share of sessions enforced, 0–100 (fractions allowed, e.g. `2.5`). */
  enforcePercent: number;
  /** Stable id of the session/conversation/user; the same id always gets the same mode. */
  sessionId: string;
  /** Mode for sessions outside the enforced share. Default `monitor`. */
  otherwise?: Exclude<Mode, "enforce"> | undefined;
  /** Changes which sessions fall in the enforced share (use a new salt per rollout). Default `""`. */
  salt?: string | undefined;
}

/**
 * Canary enforcement: returns `enforce` for a sticky `enforcePercent`% of session ids and `monitor` (or
 * `otherwise`) for the rest. The choice hashes `salt + sessionId` (FNV-1a, 10 000 buckets), so a session never
 * flips between modes mid-conversation and raising the percentage only adds sessions.
 *
 * @example
 * const mode = rollout({ enforcePercent: 10, sessionId: conversation.id });
 * await client.guard.evaluatePrompt(text, { mode, sessionId: conversation.id });
 */
export function rollout(options: RolloutOptions): Mode {
  const { enforcePercent, sessionId } = options;
  if (
    typeof enforcePercent !== "number" ||
    !Number.isFinite(enforcePercent) ||
    enforcePercent < 0 ||
    enforcePercent > 100
  ) {
    throw new ConfigurationError(
      `enforcePercent must be a number from 0 to 100, got ${String(enforcePercent)}`,
      {
        option: "enforcePercent",
      },
    );
  }
  if (typeof sessionId !== "string" || sessionId === "") {
    throw new RequestValidationError("rollout() needs a non-empty sessionId to stay sticky", {
      field: "sessionId",
    });
  }
  return rolloutBucket(`${options.salt ?? ""}${sessionId}`) < enforcePercent * 100
    ? "enforce"
    : (options.otherwise ?? "monitor");
}

/** The bucket (0–9 999) of a key: FNV-1a 32-bit with a final avalanche mix. @internal */
export function rolloutBucket(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % 10_000;
}
