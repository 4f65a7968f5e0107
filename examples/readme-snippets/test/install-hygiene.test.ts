import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// What a new user sees when following the root README: quiet installs, plain output when redirected, no litter.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

interface Quickstart {
  childEnv(base: Record<string, string | undefined>, isTTY: boolean): Record<string, string | undefined>;
  withReportFile<T>(fn: (report: string) => T): T;
}
const quickstart = async (): Promise<Quickstart> =>
  (await import(pathToFileURL(join(root, "scripts", "quickstart.mjs")).href)) as Quickstart;

describe("install noise", () => {
  it("npm reads the repository's config without 'Unknown project config' warnings", () => {
    const result = spawnSync("npm", ["config", "get", "registry"], { cwd: root, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/Unknown (project|user|env) config/);
    if (existsSync(join(root, ".npmrc"))) {
      expect(readFileSync(join(root, ".npmrc"), "utf8")).not.toMatch(/link-workspace-packages/);
    }
  });

  it("pnpm's settings (workspace links, no update notice) live in pnpm-workspace.yaml", () => {
    const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
    expect(yaml).toMatch(/^linkWorkspacePackages: true$/m);
    expect(yaml).toMatch(/^updateNotifier: false$/m);
  });

  it("quickstart children get no update notices or telemetry notice, and no colour when not a terminal", async () => {
    const { childEnv } = await quickstart();
    const redirected = childEnv({ PATH: "/bin" }, false);
    expect(redirected).toMatchObject({
      npm_config_update_notifier: "false",
      pnpm_config_update_notifier: "false",
      TURBO_TELEMETRY_DISABLED: "1",
      NO_COLOR: "1",
      FORCE_TTY: "false",
      PATH: "/bin",
    });
    expect(childEnv({}, true).NO_COLOR).toBeUndefined();
    // An explicit choice wins; FORCE_COLOR=0 (as CI sets it) means no colour, which vitest would misread.
    expect(childEnv({ FORCE_COLOR: "1" }, false).NO_COLOR).toBeUndefined();
    const ci = childEnv({ FORCE_COLOR: "0" }, true);
    expect(ci.FORCE_COLOR).toBeUndefined();
    expect(ci.NO_COLOR).toBe("1");
    expect(childEnv({ TURBO_TELEMETRY_DISABLED: "0" }, false).TURBO_TELEMETRY_DISABLED).toBe("0");
  });

  it("the test runner's report folder is removed afterwards, also when the run throws", async () => {
    const { withReportFile } = await quickstart();
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith("highflame-tests-")));
    let seen = "";
    const remember = (report: string) => {
      seen = report;
      return 7;
    };
    expect(withReportFile(remember)).toBe(7);
    expect(existsSync(dirname(seen))).toBe(false);
    expect(() =>
      withReportFile((report) => {
        seen = report;
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(existsSync(dirname(seen))).toBe(false);
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith("highflame-tests-") && !before.has(n));
    expect(after).toEqual([]);
  });

  it("a redirected vitest run under the quickstart environment has no colour codes", async () => {
    const { childEnv } = await quickstart();
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const result = spawnSync(process.execPath, [vitest, "run", "test/extract.test.ts"], {
      cwd: join(root, "examples", "readme-snippets"),
      encoding: "utf8",
      env: childEnv({ ...process.env, NO_COLOR: undefined, FORCE_COLOR: "0", CI: undefined }, false),
    });
    expect(result.status).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain("passed");
    expect(`${result.stdout}${result.stderr}`).not.toContain(`${String.fromCharCode(27)}[`);
  });
});
