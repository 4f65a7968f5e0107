// one-off generator used to lay out the workspace packages (kept for adding new packages consistently)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";

const desc = {
  core: "Transport, retries, errors, logging and SSE for the Highflame SDK",
  auth: "Service-key token exchange, caching and refresh for the Highflame SDK",
  zeroid: "ZeroID agent identity client and local JWT verification",
  shield: "Highflame Shield guardrails client, wire schemas and enforcement wrappers",
  integrations: "Framework adapters for Highflame Shield",
  sdk: "Highflame SDK: guardrails (Shield) and agent identity (ZeroID) for AI applications",
};
const deps = {
  core: { undici: "^7.16.0", zod: "^4.1.0" },
  auth: { "@highflame/core": "workspace:*" },
  zeroid: { "@highflame/core": "workspace:*", "@highflame/auth": "workspace:*", jose: "^6.1.0" },
  shield: { "@highflame/core": "workspace:*", "@highflame/auth": "workspace:*", zod: "^4.1.0" },
  integrations: { "@highflame/core": "workspace:*", "@highflame/shield": "workspace:*" },
  sdk: {
    "@highflame/core": "workspace:*",
    "@highflame/auth": "workspace:*",
    "@highflame/zeroid": "workspace:*",
    "@highflame/shield": "workspace:*",
    "@highflame/integrations": "workspace:*",
  },
};
for (const dir of Object.keys(desc)) {
  const root = `packages/${dir}`;
  mkdirSync(`${root}/src`, { recursive: true });
  mkdirSync(`${root}/test`, { recursive: true });
  const name = `@highflame/${dir}`;
  const pkg = {
    name,
    version: "0.1.0",
    description: desc[dir],
    license: "Apache-2.0",
    type: "module",
    sideEffects: false,
    engines: { node: "^20.19.0 || >=22.12.0" },
    repository: {
      type: "git",
      url: "git+https://github.com/highflame-ai/highflame-sdk-ts.git",
      directory: root,
    },
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    },
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    files: ["dist", "src", "!src/**/*.test.ts", "README.md"],
    scripts: {
      build: "tsc -b",
      typecheck: "tsc -p tsconfig.check.json",
      lint: "biome check .",
      test: "vitest run",
      "check:pkg": "publint --strict && attw --pack . --profile esm-only",
    },
    dependencies: deps[dir],
    publishConfig: { access: "public" },
  };
  writeFileSync(`${root}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
  const refs = Object.keys(deps[dir])
    .filter((d) => d.startsWith("@highflame/"))
    .map((d) => ({ path: `../${d.split("/")[1]}` }));
  writeFileSync(
    `${root}/tsconfig.json`,
    `${JSON.stringify(
      {
        extends: "../../tsconfig.base.json",
        compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "dist/.tsbuildinfo" },
        include: ["src"],
        exclude: ["src/**/*.test.ts"],
        references: refs,
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    `${root}/tsconfig.check.json`,
    `${JSON.stringify(
      {
        extends: "../../tsconfig.base.json",
        compilerOptions: { composite: false, noEmit: true, declaration: false, declarationMap: false },
        include: ["src", "test"],
      },
      null,
      2,
    )}\n`,
  );
  if (!existsSync(`${root}/src/index.ts`))
    writeFileSync(`${root}/src/index.ts`, `export const PACKAGE_NAME = "${name}";\n`);
  if (!existsSync(`${root}/README.md`)) writeFileSync(`${root}/README.md`, `# ${name}\n\n${desc[dir]}.\n`);
}
