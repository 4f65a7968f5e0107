import { isRecord } from "./text.js";

/** A non-empty string, else `undefined`. */
export function asSessionId(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The first usable session id among `candidates`, tried in order; a function candidate is called (and a throw
 * counts as "none"). Returns `undefined` when none yields a non-empty string (or finite number).
 *
 * @example
 * resolveSessionId(options.sessionId, () => state[key], () => config?.configurable?.thread_id);
 */
export function resolveSessionId(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    let value = candidate;
    if (typeof candidate === "function") {
      try {
        value = (candidate as () => unknown)();
      } catch {
        value = undefined;
      }
    }
    const id = asSessionId(value);
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * Reads `key` from a state-like object: a plain property, a `get(key)` method (Strands `AgentState`, `Map`), or
 * a dotted path (`"context.session_id"`). Returns `undefined` when absent.
 */
export function readStateKey(state: unknown, key: string): unknown {
  if (state === null || state === undefined) return undefined;
  const direct = readOne(state, key);
  if (direct !== undefined || !key.includes(".")) return direct;
  let current: unknown = state;
  for (const part of key.split(".")) {
    current = readOne(current, part);
    if (current === undefined) return undefined;
  }
  return current;
}

function readOne(target: unknown, key: string): unknown {
  if (target === null || typeof target !== "object") return undefined;
  const getter = (target as { get?: unknown }).get;
  if (typeof getter === "function" && !(key in target)) {
    try {
      const value = (getter as (k: string) => unknown).call(target, key);
      if (value !== undefined) return value;
    } catch {
      // not a key-value getter
    }
  }
  return isRecord(target) || typeof target === "object"
    ? (target as Record<string, unknown>)[key]
    : undefined;
}

/** `thread_id` from a LangGraph-style runnable config (`{configurable: {thread_id}}`). */
export function threadIdOf(config: unknown): string | undefined {
  if (!isRecord(config)) return undefined;
  const configurable = config.configurable;
  return isRecord(configurable) ? asSessionId(configurable.thread_id) : undefined;
}
