import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `apps/bench`, found from this module whether it runs from `src/` (vitest) or `dist/`. */
const benchRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Absolute path of a compiled child-process entry, e.g. `childScript("stub/guard-stub-server.js")`. Children
 * always run the built `dist/` files (plain `node`, no TypeScript loader), so a test needs `pnpm build` first;
 * a missing file is a clear error rather than a child that dies at start.
 */
export function childScript(relative: string): string {
  const path = join(benchRoot, "dist", relative);
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist: build @highflame/bench first (pnpm exec turbo run build)`);
  }
  return path;
}
