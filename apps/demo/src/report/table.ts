import { type Styler, visibleLength } from "./style.js";

/** A table cell: plain text, or text with a style applied when colour is on. */
export type Cell = string | number | boolean | { text: string; style: Parameters<Styler>[0] };

/** Longest cell text before it is shortened with an ellipsis. */
export const MAX_CELL_WIDTH = 60;

function cellText(cell: Cell, style: Styler): string {
  if (typeof cell === "object") return style(cell.style, shorten(cell.text));
  return shorten(String(cell));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_CELL_WIDTH ? `${oneLine.slice(0, MAX_CELL_WIDTH - 1)}…` : oneLine;
}

/** Renders a table with a header row and a rule, columns padded to their widest cell. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  style: Styler,
): string {
  const texts = rows.map((row) => header.map((_, i) => cellText(row[i] ?? "", style)));
  const widths = header.map((title, i) =>
    Math.max(visibleLength(title), ...texts.map((row) => visibleLength(row[i] ?? ""))),
  );
  const pad = (text: string, i: number) => text + " ".repeat(Math.max(0, widths[i]! - visibleLength(text)));
  const lines = [
    style(
      "bold",
      header
        .map((title, i) => pad(title, i))
        .join("  ")
        .trimEnd(),
    ),
    style("dim", widths.map((w) => "─".repeat(w)).join("  ")),
    ...texts.map((row) =>
      row
        .map((text, i) => pad(text, i))
        .join("  ")
        .trimEnd(),
    ),
  ];
  return lines.map((line) => `  ${line}`).join("\n");
}
