import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

/** Subpath → the framework package its error must name. */
const SUBPATHS: Record<string, string> = {
  "/ai-sdk": "ai",
  "/langchain": "langchain",
  "/langgraph": "langchain",
  "/openai": "openai",
  "/openai-agents": "@openai/agents",
  "/mcp": "@modelcontextprotocol/client",
  "/mcp/v1": "@modelcontextprotocol/sdk",
  "/strands": "@strands-agents/sdk",
  "/foundry": "@azure/ai-projects",
};

// A consumer project holding the built package and its own dependencies, but none of the frameworks: what
// `npm install @highflame/integrations` gives a user (the frameworks are optional peers).
let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "highflame-no-peers-"));
  const scope = join(project, "node_modules", "@highflame");
  mkdirSync(join(scope, "integrations"), { recursive: true });
  cpSync(join(packageDir, "package.json"), join(scope, "integrations", "package.json"));
  cpSync(join(packageDir, "dist"), join(scope, "integrations", "dist"), { recursive: true });
  const manifest = require(join(packageDir, "package.json")) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies).filter((name) => name.startsWith("@highflame/"))) {
    const location = realpathSync(require.resolve(`${dep}/package.json`));
    symlinkSync(dirname(location), join(scope, dep.slice("@highflame/".length)), "dir");
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function importIn(specifier: string): Promise<{ ok: boolean; message: string }> {
  const program = `import(${JSON.stringify(specifier)}).then(
    () => console.log("loaded"),
    (e) => { console.log(e.constructor.name + ": " + e.message); process.exitCode = 3; });`;
  try {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", program], { cwd: project });
    return { ok: true, message: stdout.trim() };
  } catch (error) {
    return { ok: false, message: String((error as { stdout?: string }).stdout ?? error).trim() };
  }
}

describe("installed without any framework", () => {
  it("the root entry imports", async () => {
    expect(await importIn("@highflame/integrations")).toEqual({ ok: true, message: "loaded" });
  });

  for (const [subpath, framework] of Object.entries(SUBPATHS)) {
    it(`@highflame/integrations${subpath} fails at import, naming ${framework}`, async () => {
      const { ok, message } = await importIn(`@highflame/integrations${subpath}`);
      expect(ok).toBe(false);
      expect(message).toContain("ConfigurationError");
      expect(message).toContain(`"${framework}"`);
      expect(message).toContain(`npm install ${framework}@`);
    });
  }
});
