import type { ObservatoryOptions } from "./observatory.js";

/** The observatory's command-line flags, as given (strings). */
export interface ObservatoryCliFlags {
  /** `--observatory-port`: a port, `0` (ephemeral) or `off`. Default: `apiPort + 1` (ephemeral when `apiPort` is 0). */
  port: string | undefined;
  /** `--observatory-events`: store size. Default 5000. */
  events: string | undefined;
  /** `--observatory-content`: `redacted` or `off`. Default `redacted`. */
  content: string | undefined;
  /** The API's `--port`. */
  apiPort: number;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${flag} must be an integer between ${min} and ${max}, got "${value.slice(0, 40)}"`);
  return n;
}

/** Turns the flags into observatory options (`undefined` = no observatory); throws a usage message on bad input. */
export function observatoryCliOptions(flags: ObservatoryCliFlags): ObservatoryOptions | undefined {
  if (flags.port === "off") return undefined;
  const fallback = flags.apiPort === 0 || flags.apiPort >= 65535 ? 0 : flags.apiPort + 1;
  const port = flags.port === undefined ? fallback : integer("observatory-port", flags.port, 0, 65535);
  const options: ObservatoryOptions = { port };
  if (flags.events !== undefined)
    options.maxEvents = integer("observatory-events", flags.events, 1, 1_000_000);
  if (flags.content !== undefined) {
    if (flags.content !== "redacted" && flags.content !== "off")
      throw new Error(`--observatory-content must be redacted or off, got "${flags.content.slice(0, 40)}"`);
    options.content = flags.content;
  }
  return options;
}
