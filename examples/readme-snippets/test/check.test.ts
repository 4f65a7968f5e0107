import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// The repository's own READMEs are checked by this package's `typecheck` script (CI), not by a test.
import { checkSnippets, findReadmes } from "../src/check.js";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repository layout with the given files. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "readme-snippets-"));
  cleanup.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root: string) {
  // Snippets are written inside this package so that the workspace packages resolve, as in the real check.
  const outDir = join(pkg, ".snippets-test", root.split(/[\\/]/).pop()!);
  cleanup.push(outDir);
  return checkSnippets({ root, outDir, tsconfig: join(pkg, "tsconfig.snippets.json") });
}

const fence = "```";

describe("checkSnippets", () => {
  it("reports a type error at its README line and column, and skips no-check blocks", () => {
    const root = repo({
      "README.md": [
        "# Demo", // 1
        "```sh", // 2
        "npm install @highflame/sdk", // 3
        fence, // 4
        `${fence}ts`, // 5
        'import { Highflame } from "@highflame/sdk";', // 6
        "const client = new Highflame({ apiKey: 42 });", // 7
        fence, // 8
        `${fence}ts no-check`, // 9
        "this is not TypeScript", // 10
        fence, // 11
      ].join("\n"),
    });
    const result = check(root);
    expect(result.checked).toBe(1);
    expect(result.skipped).toEqual(["README.md:10"]);
    expect(result.uninstalled).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ readme: "README.md", line: 7, column: 32 });
    expect(result.errors[0]!.message).toMatch(/^TS2322: Type 'number' is not assignable to type 'string/);
  });

  it("flags imports that the README's install lines do not install (the root README's ai-sdk case)", () => {
    const root = repo({
      "README.md": [
        "```sh",
        "npm install @highflame/sdk",
        fence,
        `${fence}ts`,
        'import { highflameMiddleware } from "@highflame/integrations/ai-sdk";',
        'import { Highflame } from "@highflame/sdk";',
        "export const m = [highflameMiddleware, Highflame];",
        fence,
      ].join("\n"),
    });
    const result = check(root);
    expect(result.errors).toEqual([]);
    expect(result.uninstalled).toEqual([
      { readme: "README.md", line: 5, specifier: "@highflame/integrations/ai-sdk" },
    ]);
  });

  it("lets a package README use its own package and dependencies", () => {
    const root = repo({
      "packages/thing/package.json": JSON.stringify({
        name: "@highflame/thing",
        dependencies: { "@highflame/core": "workspace:*" },
      }),
      "packages/thing/README.md": `${fence}ts\nimport { HttpClient } from "@highflame/core";\nexport const c = HttpClient;\n${fence}\n`,
      "packages/other/README.md": `${fence}ts\nimport { z } from "zod";\nexport const s = z.string();\n${fence}\n`,
    });
    expect(findReadmes(root)).toEqual(["packages/other/README.md", "packages/thing/README.md"]);
    const result = check(root);
    expect(result.errors).toEqual([]);
    expect(result.uninstalled).toEqual([{ readme: "packages/other/README.md", line: 2, specifier: "zod" }]);
  });
});
