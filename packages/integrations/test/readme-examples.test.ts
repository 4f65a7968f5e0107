import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

// The README snippets are these files, type-checked by `typecheck` (test/readme/*.ts and the sdk's test/readme).
const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const blocks = (markdown: string) => [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

const cases: Array<[readme: string, examples: string, files: string[]]> = [
  ["../README.md", "./readme/", ["express.ts", "fastify.ts", "hono.ts", "node-http.ts", "otel.ts"]],
  ["../../zeroid/README.md", "./readme/", ["zeroid-verify.ts"]],
  ["../../../README.md", "../../sdk/test/readme/", ["express.ts", "otel.ts"]],
];

it.each(cases)("%s shows the type-checked examples verbatim", (readme, dir, files) => {
  const snippets = blocks(read(readme));
  for (const file of files) expect(snippets).toContain(read(`${dir}${file}`));
});

it("every example file is shown in a README", () => {
  const shown = cases.flatMap(([, dir, files]) => files.map((f) => `${dir}${f}`));
  for (const dir of ["./readme/", "../../sdk/test/readme/"]) {
    const url = new URL(dir, import.meta.url);
    for (const file of readdirSync(url)) expect(shown).toContain(`${dir}${file}`);
  }
});
