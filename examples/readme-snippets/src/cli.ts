#!/usr/bin/env node
/**
 * `pnpm --filter @highflame/readme-snippets typecheck`: type-checks every TypeScript block of every README and
 * prints errors as `README.md:line:column TS…`, exiting 1 when there are any.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkSnippets } from "./check.js";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const result = checkSnippets({
  root: join(pkg, "..", ".."),
  outDir: join(pkg, ".snippets"),
  tsconfig: join(pkg, "tsconfig.snippets.json"),
});
for (const e of result.errors) console.error(`${e.readme}:${e.line}:${e.column} ${e.message}`);
for (const u of result.uninstalled) {
  console.error(
    `${u.readme}:${u.line} imports "${u.specifier}", which no install line of this README installs ` +
      "(nor is it the package's own name or one of its dependencies)",
  );
}
const skipped = result.skipped.length > 0 ? ` (${result.skipped.length} marked no-check)` : "";
console.log(
  `readme snippets: ${result.checked} TypeScript blocks in ${result.readmes.length} READMEs, ` +
    `${result.errors.length} type error${result.errors.length === 1 ? "" : "s"}, ` +
    `${result.uninstalled.length} uninstalled import${result.uninstalled.length === 1 ? "" : "s"}${skipped}`,
);
process.exitCode = result.errors.length + result.uninstalled.length > 0 ? 1 : 0;
