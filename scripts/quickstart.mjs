#!/usr/bin/env node
// The README's two commands. Needs only Node.js ^20.19 or >= 22.12 and npm: pnpm is taken from the npm registry
// at the version pinned in package.json ("packageManager"), so nothing else has to be installed first.
//
//   npm run demo   install, build, run the rollout walkthrough against the in-process local server
//   npm run demo -- --observe   the same, then keep the local server running and print the observatory's URL
//   npm test       install, build, run every test in the workspace with one summary
//   npm run dev-server -- [--port N]   the local Highflame server (highflame-dev) in the foreground
//   npm run bench  -- [--quick]        benchmarks with ratios against in-run baselines
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager; // "pnpm@x.y.z"
const pinnedVersion = pinned.split("@")[1];

/**
 * Environment of every child: no npm/pnpm update notices (nothing needs installing besides Node and npm), no
 * Turborepo telemetry notice, and no colour codes when our output is not a terminal (vitest's colours only look
 * at TERM, so a redirected `npm test` would otherwise be full of escape codes). Explicit settings win.
 */
export function childEnv(base = process.env, isTTY = process.stdout.isTTY) {
  const env = {
    npm_config_update_notifier: "false",
    pnpm_config_update_notifier: "false",
    TURBO_TELEMETRY_DISABLED: "1",
    ...base,
  };
  // FORCE_COLOR=0 means "no colour", but vitest's colour check treats any FORCE_COLOR as "force colour".
  const noColorAsked = env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false";
  if (noColorAsked) delete env.FORCE_COLOR;
  if (noColorAsked || (!isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined)) {
    env.NO_COLOR = "1";
    env.FORCE_TTY = "false";
  }
  return env;
}

/** Runs `fn` with a report path in a fresh temp folder, and removes the folder afterwards (even on failure). */
export function withReportFile(fn) {
  const dir = mkdtempSync(join(tmpdir(), "highflame-tests-"));
  try {
    return fn(join(dir, "report.json"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Turborepo's own flag, besides NO_COLOR, when our output is not a terminal. */
function turboColor() {
  return process.stdout.isTTY ? [] : ["--no-color"];
}

function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: childEnv(), ...opts });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8", env: childEnv() });
  if (probe.status === 0 && probe.stdout.trim() === pinnedVersion) return ["pnpm", []];
  return ["npx", ["-y", pinned]];
}

/** One progress line per step, so a first run (install + build, about a minute) is never silent. */
function step(message) {
  console.log(`\n▸ ${message}`);
}

function pnpm(args) {
  const [cmd, pre] = pnpmCommand();
  const status = run(cmd, [...pre, ...args]);
  if (status !== 0) {
    console.error(`\n✖ pnpm ${args.join(" ")} exited with ${status}`);
    process.exit(status);
  }
}

/** One plain summary line after the runner's own, e.g. `tests: 955 passed, 0 failed`. */
function printClosingLine(reportPath) {
  if (!existsSync(reportPath)) return;
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const tail = skipped > 0 ? `, ${skipped} skipped` : "";
  console.log(`\ntests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${tail}`);
}

const task = process.argv[2];
/** Installs, builds one app and what it depends on, then runs it with the remaining arguments. */
function runApp(pkg, entry) {
  step(`installing dependencies (${pinned})`);
  pnpm(["install", "--frozen-lockfile"]);
  step(`building ${pkg} and the packages it uses`);
  pnpm(["exec", "turbo", "run", "build", `--filter=${pkg}...`, "--output-logs=errors-only", ...turboColor()]);
  step(`running ${entry}`);
  process.exit(run(process.execPath, [join(root, entry), ...process.argv.slice(3)]));
}

const stepsByTask = {
  demo: () => runApp("@highflame/demo", "apps/demo/dist/main.js"),
  bench: () => runApp("@highflame/bench", "apps/bench/dist/main.js"),
  "dev-server": () => runApp("@highflame/devserver", "apps/devserver/dist/cli.js"),
  test: () => {
    step(`installing dependencies (${pinned})`);
    pnpm(["install", "--frozen-lockfile"]);
    step("building every package");
    pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only", ...turboColor()]);
    step("running every test in the workspace (vitest)");
    const [cmd, pre] = pnpmCommand();
    const status = withReportFile((report) => {
      const code = run(cmd, [
        ...pre,
        "exec",
        "vitest",
        "run",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${report}`,
        ...process.argv.slice(3),
      ]);
      printClosingLine(report);
      return code;
    });
    process.exit(status);
  },
};

// Run only as a script (tests import childEnv and withReportFile).
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const runTask = stepsByTask[task];
  if (!runTask) {
    console.error(`usage: node scripts/quickstart.mjs <${Object.keys(stepsByTask).join("|")}>`);
    process.exit(2);
  }
  runTask();
}
