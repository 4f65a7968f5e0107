import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * A project where the built package is installed without any framework: the package's `package.json` and
 * `dist/` copied (so nothing resolves through the workspace's devDependencies), its own dependencies linked.
 */
let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "highflame-no-peers-"));
  const scope = join(project, "node_modules", "@highflame");
  const installed = join(scope, "integrations");
  mkdirSync(installed, { recursive: true });
  cpSync(join(packageDir, "package.json"), join(installed, "package.json"));
  cpSync(join(packageDir, "dist"), join(installed, "dist"), { recursive: true });
  for (const dependency of ["core", "shield"]) {
    symlinkSync(join(packageDir, "..", dependency), join(scope, dependency), "dir");
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Imports `specifier` in a fresh Node process inside the project; resolves to `ok` or `<name>: <message>`. */
async function importIn(specifier: string): Promise<string> {
  const script = `import(${JSON.stringify(specifier)}).then(() => console.log("ok"), (e) => console.log(e.name + ": " + e.message))`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: project });
  return stdout.trim();
}

describe("installed without the frameworks", () => {
  it("the root entry imports", async () => {
    expect(await importIn("@highflame/integrations")).toBe("ok");
  });

  it.each([
    ["ai-sdk", '"ai"', "npm install ai@^7"],
    ["langchain", '"langchain"', "npm install langchain@^1 @langchain/core@^1"],
    ["langgraph", '"langchain"', "npm install langchain@^1 @langchain/core@^1"],
  ])(
    "importing /%s fails with a ConfigurationError naming %s and the install command",
    async (subpath, name, install) => {
      const message = await importIn(`@highflame/integrations/${subpath}`);
      expect(message).toMatch(/^ConfigurationError: @highflame\/integrations\/(ai-sdk|langchain) needs/);
      expect(message).toContain(`framework package ${name}`);
      expect(message).toContain(install);
    },
  );
});
