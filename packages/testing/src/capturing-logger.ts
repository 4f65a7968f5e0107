/** Severity of a captured log line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One captured call to a {@link CapturingLogger} method. */
export interface LogEntry {
  /** Which method was called. */
  level: LogLevel;
  /** The first argument. */
  message: string;
  /** Every further argument, as passed. */
  args: unknown[];
}

/** A logger that records every call, for asserting what was (and was not) logged. */
export interface CapturingLogger {
  /** Every call so far, in order. */
  readonly entries: LogEntry[];
  /** Record a `debug` line. */
  debug(message: string, ...args: unknown[]): void;
  /** Record an `info` line. */
  info(message: string, ...args: unknown[]): void;
  /** Record a `warn` line. */
  warn(message: string, ...args: unknown[]): void;
  /** Record an `error` line. */
  error(message: string, ...args: unknown[]): void;
  /**
   * Everything logged as one string: one line per entry, `LEVEL message arg1 arg2…`, with args JSON-stringified
   * (errors include name, message, stack and cause). Use it for "no secret appears" assertions.
   */
  text(): string;
  /** Entries at the given level. */
  at(level: LogLevel): LogEntry[];
  /** Forget everything captured so far. */
  clear(): void;
}

/** Create a {@link CapturingLogger}. */
export function createCapturingLogger(): CapturingLogger {
  const entries: LogEntry[] = [];
  const log =
    (level: LogLevel) =>
    (message: string, ...args: unknown[]): void => {
      entries.push({ level, message: String(message), args });
    };
  return {
    entries,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    text: () =>
      entries
        .map((entry) => [entry.level.toUpperCase(), entry.message, ...entry.args.map(stringify)].join(" "))
        .join("\n"),
    at: (level) => entries.filter((entry) => entry.level === level),
    clear: () => {
      entries.length = 0;
    },
  };
}

function stringify(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value, replacer) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Expand errors (whose own fields are not enumerable) and bigints so nothing is silently dropped. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) {
    return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  return value;
}
