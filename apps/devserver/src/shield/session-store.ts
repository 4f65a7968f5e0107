import { createHash } from "node:crypto";

/** Thresholds of the session detectors. */
export interface SessionThresholds {
  /** Turn count at which `session_turn_count` is detected. Default 50. */
  turns: number;
  /** Cumulative risk at which `session_cumulative_risk` is detected. Default 2.0. */
  cumulativeRisk: number;
  /** Consecutive calls of one tool at which `session_tool_loop` is detected. Default 3. */
  toolLoop: number;
}

/** Default {@link SessionThresholds}. */
export const DEFAULT_SESSION_THRESHOLDS: SessionThresholds = { turns: 50, cumulativeRisk: 2, toolLoop: 3 };

/** Cross-turn state of one session. */
export interface SessionState {
  turnCount: number;
  cumulativeRisk: number;
  lastTool: string | undefined;
  toolStreak: number;
  /** Head of the session's hash chain (sha256 over the previous head and this turn's content). */
  head: string;
  appliedKeys: Set<string>;
}

/** One turn's contribution, computed before it is committed. */
export interface TurnDelta {
  risk: number;
  toolName: string | undefined;
  content: string;
}

/** The state a session would have after a turn, plus whether the turn will be counted. */
export interface SessionProjectionResult {
  before: SessionState;
  after: Omit<SessionState, "appliedKeys">;
  /** False when the idempotency key was already applied (a retry). */
  counted: boolean;
}

const MAX_KEYS_PER_SESSION = 1000;

/** Sessions kept per server by default; past it the least recently used session is forgotten. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/** In-memory session store keyed by tenant and `session_id`, bounded to `maxSessions` (least recently used out). */
export class SessionStore {
  private readonly sessions = new Map<string, SessionState>();

  /** @param maxSessions - Sessions kept; the least recently used is dropped past it. Default {@link DEFAULT_MAX_SESSIONS}. */
  constructor(private readonly maxSessions = DEFAULT_MAX_SESSIONS) {}

  /** Storage key for a tenant-scoped session. */
  static key(accountId: string, projectId: string, sessionId: string): string {
    return `${accountId}\u0000${projectId}\u0000${sessionId}`;
  }

  /** Number of sessions held. */
  get size(): number {
    return this.sessions.size;
  }

  private get(key: string): SessionState {
    let s = this.sessions.get(key);
    if (s) {
      // Map order is insertion order: re-inserting marks the session most recently used.
      this.sessions.delete(key);
      this.sessions.set(key, s);
    } else {
      if (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
      s = {
        turnCount: 0,
        cumulativeRisk: 0,
        lastTool: undefined,
        toolStreak: 0,
        head: "",
        appliedKeys: new Set(),
      };
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Computes the state after `delta` without changing anything. */
  project(key: string, delta: TurnDelta, idempotencyKey: string | undefined): SessionProjectionResult {
    const before = this.get(key);
    const counted = idempotencyKey === undefined || !before.appliedKeys.has(idempotencyKey);
    if (!counted) {
      const { appliedKeys: _keys, ...current } = before;
      return { before: { ...before }, after: current, counted };
    }
    const toolStreak =
      delta.toolName === undefined ? 0 : delta.toolName === before.lastTool ? before.toolStreak + 1 : 1;
    const after = {
      turnCount: before.turnCount + 1,
      cumulativeRisk: Math.round((before.cumulativeRisk + delta.risk) * 1000) / 1000,
      lastTool: delta.toolName,
      toolStreak,
      head: createHash("sha256").update(before.head).update("\n").update(delta.content).digest("hex"),
    };
    return { before: { ...before }, after, counted };
  }

  /** Applies a projected turn unless it was a retry of an already-applied idempotency key. */
  commit(key: string, projection: SessionProjectionResult, idempotencyKey: string | undefined): void {
    if (!projection.counted) return;
    const s = this.get(key);
    Object.assign(s, projection.after);
    if (idempotencyKey !== undefined) {
      if (s.appliedKeys.size >= MAX_KEYS_PER_SESSION)
        s.appliedKeys.delete(s.appliedKeys.values().next().value!);
      s.appliedKeys.add(idempotencyKey);
    }
  }
}
