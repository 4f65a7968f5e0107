import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type DevServer, startDevServer } from "@highflame/devserver";
import ts from "typescript";
import { afterAll, beforeAll, expect, it } from "vitest";
import { extractCodeBlocks, isCheckedTypeScript } from "../src/extract.js";

// The ZeroID README walkthrough, run as written against the local server it documents (`--port 8899`). Only the
// port is swapped for the test's ephemeral one; the host stays the README's, so a README that says `localhost`
// where the server's tokens say `127.0.0.1` fails with issuer_mismatch, as it did for new users.
const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(pkg, "..", "..", "packages", "zeroid", "README.md"), "utf8");
const walkthrough = extractCodeBlocks(readme).find(
  (b) => isCheckedTypeScript(b) && b.code.includes("new ZeroIDClient("),
)!;
const workDir = join(pkg, ".snippets-test", "zeroid-walkthrough");
let dev: DevServer;

beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
});
afterAll(async () => {
  await dev?.close();
  rmSync(workDir, { recursive: true, force: true });
});

it("runs against the documented local server with only the port changed", async () => {
  const documented = /baseUrl: "(http:\/\/[^"]+:8899)"/.exec(walkthrough.code)?.[1];
  expect(documented, "the walkthrough names the documented --port 8899 server").toBeDefined();
  const port = new URL(dev.url).port;
  const code = walkthrough.code.replaceAll(documented!, documented!.replace(":8899", `:${port}`));
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, "walkthrough.mjs");
  writeFileSync(file, js);
  // Asynchronous: the server runs in this process and must keep answering while the child runs.
  const run = await promisify(execFile)(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
  expect(run.stderr).toBe("");
  // The walkthrough's own console output: lifetime, the verified caller, then "revoked" after revocation.
  const lines = run.stdout.trim().split("\n");
  expect(Number(lines[0])).toBeGreaterThan(0);
  expect(lines[1]).toMatch(/\/agent\/orchestrator-1 acme /);
  expect(lines.at(-1)).toBe("revoked");
});
