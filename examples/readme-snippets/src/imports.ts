import { builtinModules } from "node:module";
import type { CodeBlock } from "./extract.js";

const IMPORT =
  /\b(?:import|export)\s+(?:type\s+)?(?:[^"'`;]*?\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
const INSTALL =
  /^\s*(?:\$\s*)?(?:npm\s+(?:install|i|add)|pnpm\s+(?:add|install|i)|yarn\s+add|bun\s+add)\s+(.+)$/;
const BUILTINS = new Set(builtinModules);

/** Bare (non-relative, non-`node:`) module specifiers a block imports, in order of appearance. */
export function importedSpecifiers(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) continue;
    if (BUILTINS.has(specifier.split("/")[0]!)) continue;
    found.push(specifier);
  }
  return found;
}

/** Package name of a bare specifier: `@scope/name` or `name` (subpaths dropped). */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Packages the shell install lines of a README install (`npm install a b@1 @s/c@^2`, `pnpm add …`). */
export function installedPackages(blocks: readonly CodeBlock[]): Set<string> {
  const installed = new Set<string>();
  for (const block of blocks) {
    if (!["sh", "bash", "shell", "console", "zsh"].includes(block.lang)) continue;
    for (const line of block.code.split("\n")) {
      const match = INSTALL.exec(line.replace(/\s+#.*$/, ""));
      if (!match) continue;
      for (const token of match[1]!.split(/\s+/)) {
        if (token === "" || token.startsWith("-")) continue;
        const at = token.indexOf("@", token.startsWith("@") ? 1 : 0);
        installed.add(at === -1 ? token : token.slice(0, at));
      }
    }
  }
  return installed;
}
