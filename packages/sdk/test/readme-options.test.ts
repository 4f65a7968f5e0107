import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// The README's options table is checked against the option interfaces, so the two cannot drift apart.

const read = (url: URL) => readFileSync(url, "utf8");

function optionInterface(source: string, name: string): string[] {
  const body = source.match(new RegExp(`export interface ${name}[^{]*\\{([\\s\\S]*?)\\n\\}`))?.[1];
  expect(body, `interface ${name}`).toBeDefined();
  return [...body!.matchAll(/^ {2}([A-Za-z]+)\??:/gm)].map((m) => m[1]!);
}

function documentedOptions(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.startsWith("| Option"));
  expect(start).toBeGreaterThanOrEqual(0);
  const names: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const first = line.split("|")[1]!;
    names.push(...[...first.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!));
  }
  return names;
}

describe("packages/sdk/README.md options table", () => {
  it("documents every option of Highflame and no option that does not exist", () => {
    const shieldRoot = dirname(createRequire(import.meta.url).resolve("@highflame/shield/package.json"));
    const shieldOptions = read(pathToFileURL(join(shieldRoot, "src/options.ts")));
    const highflame = read(new URL("../src/highflame.ts", import.meta.url));
    const real = [
      ...optionInterface(shieldOptions, "ShieldClientOptions"),
      ...optionInterface(highflame, "HighflameOptions"),
    ].sort();
    expect(documentedOptions(read(new URL("../README.md", import.meta.url))).sort()).toEqual(real);
  });
});
