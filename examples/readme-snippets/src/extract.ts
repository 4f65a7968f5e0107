/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** Language: the first word of the info string (`ts` in ```` ```ts no-check ````), lower case; `""` if none. */
  lang: string;
  /** The rest of the info string after the language, trimmed (e.g. `no-check`). */
  attributes: string;
  /** 1-based line number of the block's first content line in the Markdown file. */
  line: number;
  /** The block's content, with the opening fence's indentation removed. */
  code: string;
}

/** Languages whose blocks are type-checked. */
export const TYPESCRIPT_LANGS: ReadonlySet<string> = new Set(["ts", "typescript", "mts"]);

/** Info-string word that exempts a deliberately partial block from the check. */
export const NO_CHECK = "no-check";

const OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * Fenced code blocks of a Markdown document (CommonMark fences: three or more backticks or tildes, closed by a
 * fence of the same character at least as long; an unclosed block runs to the end). Indented code blocks are
 * not returned.
 */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    if (fence[0] === "`" && info.includes("`")) continue;
    const [lang = "", ...rest] = info.trim().split(/\s+/);
    const close = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]!); j++) body.push(stripIndent(lines[j]!, indent.length));
    blocks.push({ lang: lang.toLowerCase(), attributes: rest.join(" "), line: i + 2, code: body.join("\n") });
    i = j;
  }
  return blocks;
}

/** True for a TypeScript block that is not marked {@link NO_CHECK}. */
export function isCheckedTypeScript(block: CodeBlock): boolean {
  return TYPESCRIPT_LANGS.has(block.lang) && !block.attributes.split(/\s+/).includes(NO_CHECK);
}

function stripIndent(line: string, width: number): string {
  let n = 0;
  while (n < width && line[n] === " ") n++;
  return line.slice(n);
}
