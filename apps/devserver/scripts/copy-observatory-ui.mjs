#!/usr/bin/env node
// Copies the built observatory page (@highflame/observatory-ui, built first by turbo through the workspace
// dependency) into dist/observatory-ui, so the local server serves it with no network.
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const uiRoot = dirname(require.resolve("@highflame/observatory-ui/package.json"));
const source = join(uiRoot, "dist");
const target = join(here, "..", "dist", "observatory-ui");
if (!existsSync(join(source, "index.html"))) {
  console.error(
    `observatory page not built: ${source}/index.html is missing (build @highflame/observatory-ui first)`,
  );
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
