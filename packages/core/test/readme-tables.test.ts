import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "../src/index.js";

// The README's option tables are checked against the source, so documentation and code cannot drift apart.

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), "utf8");

/** First-column option names of the markdown table whose header starts with `header`. */
function tableOptions(markdown: string, header: string): Map<string, string[]> {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`| ${header}`));
  expect(start, `table "${header}" in README`).toBeGreaterThanOrEqual(0);
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = cells[0]?.match(/^`([A-Za-z]+)`$/)?.[1];
    if (name) rows.set(name, cells.slice(1));
  }
  return rows;
}

/** Property names declared in an exported interface of a source file. */
function interfaceProperties(source: string, name: string): string[] {
  const body = source.match(new RegExp(`export interface ${name}[^{]*\\{([\\s\\S]*?)\\n\\}`))?.[1];
  expect(body, `interface ${name}`).toBeDefined();
  return [...body!.matchAll(/^ {2}([A-Za-z]+)\??:/gm)].map((m) => m[1]!);
}

describe("packages/core/README.md tables match the code", () => {
  const readme = read("../README.md");
  const source = read("../src/request-options.ts");

  it("lists exactly the HttpClient options, with the real defaults", () => {
    const rows = tableOptions(readme, "Option");
    expect([...rows.keys()].sort()).toEqual(interfaceProperties(source, "HttpClientOptions").sort());
    expect(rows.get("timeout")?.[1]).toBe(`\`${DEFAULT_TIMEOUT_MS}\``);
    expect(rows.get("maxRetries")?.[1]).toBe(`\`${DEFAULT_MAX_RETRIES}\``);
  });

  it("lists exactly the per-call options", () => {
    const rows = tableOptions(readme, "Per-call option");
    expect([...rows.keys()].sort()).toEqual(interfaceProperties(source, "RequestOptions").sort());
  });
});
