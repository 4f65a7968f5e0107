import { styleText } from "node:util";

/** Text styles used by the report. */
export type Style = "bold" | "dim" | "green" | "red" | "yellow" | "cyan";

/** Applies styles, or returns the text unchanged when colour is off. */
export type Styler = (style: Style, text: string) => string;

/**
 * Whether to colour output: only when the stream is a terminal and `NO_COLOR` is unset (https://no-color.org).
 * `FORCE_COLOR` (non-empty, not `0`) turns colour on regardless.
 */
export function shouldColor(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/** A styler that colours (via `node:util` `styleText`) when `color` is true. */
export function createStyler(color: boolean): Styler {
  if (!color) return (_style, text) => text;
  return (style, text) => styleText(style, text);
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Length of a string as displayed (ANSI escapes removed). */
export function visibleLength(text: string): number {
  return text.replace(ANSI, "").length;
}
