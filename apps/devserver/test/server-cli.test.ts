import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { generateTestKey } from "@highflame/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchToken } from "./support/helpers.js";

const appDir = resolve(import.meta.dirname, "..");
const cli = join(appDir, "dist", "cli.js");
const run = promisify(execFile);
const children: ChildProcess[] = [];
let dir: string;

beforeAll(async () => {
  // The bin runs from dist: compile this app (its dependencies' dist must already be built).
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  await run(process.execPath, [tsc, "-p", join(appDir, "tsconfig.json")], { cwd: appDir });
  dir = await mkdtemp(join(tmpdir(), "hf-dev-cli-"));
}, 120_000);
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  apiKey: string;
  accountId: string;
  projectId: string;
  stdout: () => string;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  return new Promise((resolvePromise, reject) => {
    child.stdout!.on("data", (d) => {
      out += d.toString();
      if (out.includes("HIGHFLAME_PROJECT_ID=") && out.endsWith("\n")) {
        const field = (name: string) => new RegExp(`${name}=(\\S+)`).exec(out)![1]!;
        resolvePromise({
          child,
          url: /listening on (\S+)/.exec(out)![1]!,
          apiKey: field("HIGHFLAME_API_KEY"),
          accountId: field("HIGHFLAME_ACCOUNT_ID"),
          projectId: field("HIGHFLAME_PROJECT_ID"),
          stdout: () => out,
        });
      }
    });
    child.stderr!.on("data", (d) => {
      err += d.toString();
    });
    child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${err}`)));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((r) => child.on("exit", (code, signal) => r({ code, signal })));
}

describe("highflame-dev CLI", () => {
  it("prints URL, key and tenant, serves, and exits 0 on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const s = await startCli([]);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.stdout()).toContain(`HIGHFLAME_TOKEN_URL=${s.url}/oauth2/token`);
      const token = await fetchToken(s.url, s.apiKey);
      const res = await fetch(`${s.url}/v1/guard`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ content: "hi", content_type: "prompt", action: "process_prompt" }),
      });
      expect(res.status).toBe(200);
      s.child.kill(signal);
      expect(await exitOf(s.child)).toEqual({ code: 0, signal: null });
    }
  });

  it("--api-key seeds the service key; fault flags apply", async () => {
    const apiKey = generateTestKey("zid_sk_");
    const s = await startCli(["--api-key", apiKey, "--error-rate", "1", "--error-status", "429"]);
    expect(s.apiKey).toBe(apiKey);
    expect((await fetch(`${s.url}/v1/health`)).status).toBe(429);
    s.child.kill("SIGTERM");
    await exitOf(s.child);
  });

  it("--help prints usage with every flag", async () => {
    const { stdout } = await run(process.execPath, [cli, "--help"]);
    for (const flag of [
      "--port",
      "--host",
      "--policies",
      "--state",
      "--api-key",
      "--admin-key",
      "--latency",
      "--error-rate",
      "--error-status",
      "--drop-rate",
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it("an unknown flag exits 2 with usage", async () => {
    const err = await run(process.execPath, [cli, "--bogus"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain("Usage:");
  });

  it("an invalid --policies file fails at start with Cedar's message and location", async () => {
    const file = join(dir, "bad.cedar");
    await writeFile(file, "forbid (principal, action, resource)\nwhen { context.x == };\n");
    const err = await run(process.execPath, [cli, "--port", "0", "--policies", file]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain(`${file}:2:`);
    expect((err as { stderr: string }).stderr).toMatch(/unexpected token/);
  });

  it("a deeply nested or mistyped --policies file exits 1 with FILE:line:col (no Wasm trap, no stack overflow)", async () => {
    const cases: [string, string, RegExp][] = [
      [
        "deep.cedar",
        `forbid (principal, action, resource)\nwhen { ${"(".repeat(5000)}true${")".repeat(5000)} };\n`,
        /:2:\d+: policy nests deeper/,
      ],
      [
        "typo.cedar",
        "forbid (principal, action, resource)\nwhen { context.detectors.prompt_injecton.detected };\n",
        /:2:26: .*did you mean "prompt_injection"/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir, name);
      await writeFile(file, text);
      const err = await run(process.execPath, [cli, "--port", "0", "--policies", file]).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect((err as { code: number }).code).toBe(1);
      expect((err as { stderr: string }).stderr).toContain(`${file}:2:`);
      expect((err as { stderr: string }).stderr).toMatch(message);
    }
  });

  it("an empty --policies file needs --allow-no-policies", async () => {
    const file = join(dir, "empty.cedar");
    await writeFile(file, "");
    const err = await run(process.execPath, [cli, "--port", "0", "--policies", file]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain("--allow-no-policies");
    const s = await startCli(["--policies", file, "--allow-no-policies"]);
    const token = await fetchToken(s.url, s.apiKey);
    const res = await fetch(`${s.url}/v1/debug/policies`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await res.json()) as { count: number }).count).toBe(0);
    s.child.kill("SIGTERM");
    expect((await exitOf(s.child)).code).toBe(0);
  });

  it("a valid --policies file replaces the defaults", async () => {
    const file = join(dir, "good.cedar");
    await writeFile(
      file,
      '@id("only") @decision("defer") forbid (principal, action, resource) when { context.content like "*banana*" };\n',
    );
    const s = await startCli(["--policies", file]);
    const token = await fetchToken(s.url, s.apiKey);
    const res = await fetch(`${s.url}/v1/debug/policies`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await res.json()) as { policies: { id: string }[] }).policies.map((p) => p.id)).toEqual([
      "only",
    ]);
    s.child.kill("SIGTERM");
    await exitOf(s.child);
  });

  it("an acknowledged change survives a SIGKILL sent the moment its response arrives", async () => {
    const stateFile = join(dir, "ack.json");
    for (let i = 0; i < 3; i++) {
      const s = await startCli(["--state", stateFile]);
      const created = await fetch(`${s.url}/api/v1/api-keys`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-account-id": s.accountId,
          "x-project-id": s.projectId,
        },
        body: JSON.stringify({ name: `ack-${i}` }),
      });
      s.child.kill("SIGKILL"); // before even reading the body: the 201's headers are all the client has seen
      expect(created.status).toBe(201);
      const { key } = (await created.json()) as { key: string };
      await exitOf(s.child);
      const again = await startCli(["--state", stateFile]);
      await fetchToken(again.url, key);
      again.child.kill("SIGKILL");
      await exitOf(again.child);
    }
  });

  it("state survives SIGKILL (no torn file) and a restart", async () => {
    const stateFile = join(dir, "state.json");
    const first = await startCli(["--state", stateFile]);
    const created = await fetch(`${first.url}/api/v1/api-keys`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-account-id": first.accountId,
        "x-project-id": first.projectId,
      },
      body: JSON.stringify({ name: "cli-key" }),
    });
    const { key, id } = (await created.json()) as { key: string; id: string };
    // Wait until the debounced write that carries the new key's record is on disk.
    await expect.poll(() => readFile(stateFile, "utf8").catch(() => "")).toContain(id);
    first.child.kill("SIGKILL");
    await exitOf(first.child);
    const second = await startCli(["--state", stateFile]);
    expect(second.apiKey).toBe(first.apiKey);
    await fetchToken(second.url, key);
    second.child.kill("SIGTERM");
    expect((await exitOf(second.child)).code).toBe(0);
  });
});
