import { describe, expect, it } from "vitest";
import { extractCodeBlocks, isCheckedTypeScript } from "../src/extract.js";
import { importedSpecifiers, installedPackages, packageName } from "../src/imports.js";
import { snippetFile } from "../src/snippet-files.js";

const md = [
  "# Title", // 1
  "", // 2
  "```ts", // 3
  'import { Highflame } from "@highflame/sdk";', // 4
  "const x = 1;", // 5
  "```", // 6
  "", // 7
  "  ```ts no-check", // 8
  "  partial(", // 9
  "  ```", // 10
  "````md", // 11
  "```ts", // 12
  "not a block of its own", // 13
  "```", // 14
  "````", // 15
  "```sh", // 16
  "npm install @highflame/sdk ai@^5 @ai-sdk/openai@2.0.1 --save # comment", // 17
  "```", // 18
  "~~~typescript", // 19
  'export { z } from "zod/v4";', // 20
].join("\n");

describe("extractCodeBlocks", () => {
  const blocks = extractCodeBlocks(md);

  it("finds fenced blocks with their language, attributes and first content line", () => {
    expect(blocks.map((b) => [b.lang, b.attributes, b.line])).toEqual([
      ["ts", "", 4],
      ["ts", "no-check", 9],
      ["md", "", 12],
      ["sh", "", 17],
      ["typescript", "", 20],
    ]);
    expect(blocks[0]!.code).toBe('import { Highflame } from "@highflame/sdk";\nconst x = 1;');
    expect(blocks[1]!.code).toBe("partial(");
    expect(blocks[2]!.code).toContain("not a block of its own");
  });

  it("checks TypeScript blocks unless marked no-check", () => {
    expect(blocks.map(isCheckedTypeScript)).toEqual([true, false, false, false, true]);
  });

  it("names a snippet file after its README and line, keeping lines aligned", () => {
    const file = snippetFile("packages/zeroid/README.md", blocks[0]!);
    expect(file.name).toBe("packages__zeroid__README.md__L4.ts");
    expect(file.source.split("\n").slice(0, 2)).toEqual(blocks[0]!.code.split("\n"));
    expect(file.source).toMatch(/export \{\};\n$/);
  });
});

describe("imports and install lines", () => {
  it("reads bare specifiers (not relative or built-in) and their package names", () => {
    const code = [
      'import { a } from "@scope/pkg/sub";',
      'import type { B } from "plain";',
      'import "side-effect";',
      'import { readFile } from "node:fs/promises";',
      'import { join } from "path";',
      'import { local } from "./local.js";',
      'const lazy = await import("lazy-pkg");',
      'export * from "re-export";',
    ].join("\n");
    expect(importedSpecifiers(code)).toEqual([
      "@scope/pkg/sub",
      "plain",
      "side-effect",
      "lazy-pkg",
      "re-export",
    ]);
    expect(packageName("@scope/pkg/sub")).toBe("@scope/pkg");
    expect(packageName("plain/deep/path")).toBe("plain");
  });

  it("reads the packages of npm/pnpm install lines, without versions, flags or comments", () => {
    expect([...installedPackages(extractCodeBlocks(md))]).toEqual(["@highflame/sdk", "ai", "@ai-sdk/openai"]);
  });
});
