import type { CodeBlock } from "./extract.js";

/** One README block written out as a TypeScript module. */
export interface SnippetFile {
  /** File name inside the snippets folder, e.g. `packages__zeroid__README.md__L42.ts`. */
  name: string;
  /** README path relative to the repository root, `/`-separated. */
  readme: string;
  /** Line of the block's first content line in the README (line 1 of the file). */
  line: number;
  /** Module source: the block unchanged (so line N of the file is line `line + N - 1` of the README). */
  source: string;
}

/**
 * The module for a block of `readme`: its code as is, plus a trailing `export {}` so every block is its own ES
 * module (top-level `await` works, names do not clash across blocks). Named after the README path and line so a
 * file name alone points back at the README.
 */
export function snippetFile(readme: string, block: CodeBlock): SnippetFile {
  const name = `${readme.replaceAll("/", "__")}__L${block.line}.ts`;
  return { name, readme, line: block.line, source: `${block.code}\n\nexport {};\n` };
}
