import { readEnv } from "./env.js";
import { redactText, redactValue } from "./redact.js";

/** Anything with these methods: `console`, pino, winston, bunyan, or your own. `error` is optional. */
export interface Logger {
  /** Logs at `debug` level. */
  debug(message: string, ...args: unknown[]): void;
  /** Logs at `info` level. */
  info(message: string, ...args: unknown[]): void;
  /** Logs at `warn` level. */
  warn(message: string, ...args: unknown[]): void;
  /** Logs at `error` level; `warn` is used when absent. */
  error?(message: string, ...args: unknown[]): void;
}

/** How much the SDK logs. `off` silences it; `debug` logs every attempt. Default `warn`. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Runtime list of {@link LogLevel} values. */
export const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Option first, then `HIGHFLAME_LOG`, then `warn`. An unknown value falls back to `warn`. */
export function resolveLogLevel(option?: LogLevel | string): LogLevel {
  const candidate = (option ?? readEnv("HIGHFLAME_LOG") ?? "warn").toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(candidate) ? (candidate as LogLevel) : "warn";
}

/** The SDK's own logger: level-gated, prefixed, and every message and argument scrubbed of secrets. */
export class SdkLogger implements Logger {
  readonly level: LogLevel;
  readonly #sink: Logger;

  constructor(sink: Logger | undefined, level?: LogLevel | string) {
    this.#sink = sink ?? console;
    this.level = resolveLogLevel(level);
  }

  /** The user's logger (or `console`) this one writes to. */
  get sink(): Logger {
    return this.#sink;
  }

  /** True when messages at `level` are emitted. */
  enabled(level: Exclude<LogLevel, "off">): boolean {
    return RANK[level] <= RANK[this.level];
  }

  /** Logs at `debug` level when enabled, with secrets redacted. */
  debug(message: string, ...args: unknown[]): void {
    this.#emit("debug", message, args);
  }
  /** Logs at `info` level when enabled, with secrets redacted. */
  info(message: string, ...args: unknown[]): void {
    this.#emit("info", message, args);
  }
  /** Logs at `warn` level when enabled, with secrets redacted. */
  warn(message: string, ...args: unknown[]): void {
    this.#emit("warn", message, args);
  }
  /** Logs at `error` level when enabled, with secrets redacted. */
  error(message: string, ...args: unknown[]): void {
    this.#emit("error", message, args);
  }

  #emit(level: Exclude<LogLevel, "off">, message: string, args: unknown[]): void {
    if (!this.enabled(level)) return;
    const safeMessage = `[highflame] ${redactText(message)}`;
    const safeArgs = args.map((arg) => redactValue(arg));
    const method = level === "error" ? (this.#sink.error ?? this.#sink.warn) : this.#sink[level];
    try {
      method.call(this.#sink, safeMessage, ...safeArgs);
    } catch {
      // A broken user logger must never break a request.
    }
  }
}

/** Wraps a user logger (or console) unless it already is an {@link SdkLogger}. */
export function toSdkLogger(logger?: Logger, level?: LogLevel | string): SdkLogger {
  if (logger instanceof SdkLogger) {
    // Never wrap twice (that would double the prefix and stack level gates): re-level the same sink.
    return level === undefined || resolveLogLevel(level) === logger.level
      ? logger
      : new SdkLogger(logger.sink, level);
  }
  return new SdkLogger(logger, level);
}
