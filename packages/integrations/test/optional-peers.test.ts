import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");
let project: string;

/**
 * A consumer project holding @highflame/integrations (its built files copied, not linked, so Node cannot find
 * this workspace's devDependencies from them) and its @highflame dependencies, but none of the frameworks.
 */
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "hf-optional-peers-"));
  const scope = join(project, "node_modules", "@highflame");
  const target = join(scope, "integrations");
  mkdirSync(target, { recursive: true });
  cpSync(join(packageDir, "package.json"), join(target, "package.json"));
  cpSync(join(packageDir, "dist"), join(target, "dist"), { recursive: true });
  const deps = Object.keys(JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).dependencies);
  for (const dep of deps)
    symlinkSync(resolve(packageDir, "node_modules", dep), join(project, "node_modules", dep));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", type: "module", private: true }),
  );
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function probe(code: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], { cwd: project });
  return JSON.parse(stdout) as Record<string, unknown>;
}

it("the consumer project really has no framework installed", async () => {
  const result = await probe(`
    const out = {};
    for (const name of ["express", "fastify", "hono", "@opentelemetry/api"]) {
      out[name] = await import(name).then(() => "found", (e) => e.code);
    }
    console.log(JSON.stringify(out));`);
  expect(result).toEqual({
    express: "ERR_MODULE_NOT_FOUND",
    fastify: "ERR_MODULE_NOT_FOUND",
    hono: "ERR_MODULE_NOT_FOUND",
    "@opentelemetry/api": "ERR_MODULE_NOT_FOUND",
  });
});

it("the HTTP middleware subpaths load and work without their framework (they import only its types)", async () => {
  const result = await probe(`
    const out = {};
    for (const sub of ["http", "express", "fastify", "hono", "node"]) {
      const mod = await import("@highflame/integrations/" + sub);
      out[sub] = typeof (mod.zeroidAuth ?? mod.createBearerAuth);
    }
    const { zeroidAuth } = await import("@highflame/integrations/node");
    const auth = zeroidAuth({ verifier: { issuer: "http://127.0.0.1:9" } });
    const r = await auth.bearer.authenticate(undefined);
    out.status = r.failure.status;
    await auth.close();
    console.log(JSON.stringify(out));`);
  expect(result).toEqual({
    http: "function",
    express: "function",
    fastify: "function",
    hono: "function",
    node: "function",
    status: 401,
  });
});

it("importing the otel subpath without @opentelemetry/api fails with an error naming the package", async () => {
  const result = await probe(`
    const error = await import("@highflame/integrations/otel").then(() => undefined, (e) => e);
    console.log(JSON.stringify({ code: error?.code, message: String(error?.message) }));`);
  expect(result.code).toBe("ERR_MODULE_NOT_FOUND");
  expect(result.message).toContain("Cannot find package '@opentelemetry/api'");
});

it("the root entry does not load any optional peer", async () => {
  const result = await probe(`
    const mod = await import("@highflame/integrations");
    console.log(JSON.stringify({ name: mod.PACKAGE_NAME }));`);
  expect(result).toEqual({ name: "@highflame/integrations" });
});
