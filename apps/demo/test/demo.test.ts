import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { STAGES } from "../src/stages/index.js";

const STAGE_NAMES = ["setup", "agent", "rollout", "non-blocking", "outage", "zeroid"];
const bin = fileURLToPath(new URL("../dist/main.js", import.meta.url));
// Never let an ambient deployment leak into these runs: they use the in-process local server.
/** Collects written text. */
function sink() {
  const chunks: string[] = [];
  return {
    write: (text: string) => {
      chunks.push(text);
    },
    get text() {
      return chunks.join("");
    },
  };
}

const env = { ...process.env, HIGHFLAME_API_KEY: "", HIGHFLAME_BASE_URL: "", NO_COLOR: "1" };

describe("demo", () => {
  it("the built command runs every stage against the local server and exits 0", () => {
    const run = spawnSync(process.execPath, [bin], { env, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const [i, stage] of STAGES.entries()) {
      expect(run.stdout).toContain(`Stage ${i + 1}/${STAGES.length} · ${stage.title}`);
    }
    expect(STAGES.map((s) => s.name)).toEqual(STAGE_NAMES);
    expect(run.stdout).toContain("All 6 stages behaved as expected.");
    expect(run.stdout).not.toContain(String.fromCharCode(27)); // no colour when not a terminal
    expect(run.stdout).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack traces
  });

  it("--observe keeps the local server running, prints the observatory URL and fills it with labelled traffic", async () => {
    const out = sink();
    const err = sink();
    let summary:
      | { total: number; enforce_would_block: { total: number; by_label: Record<string, number> } }
      | undefined;
    let observatory = "";
    const code = await main(["--only", "rollout", "--observe"], {
      env,
      color: false,
      write: out.write,
      writeError: err.write,
      untilStopped: async (url) => {
        observatory = url;
        const res = await fetch(new URL("api/summary?source=api", url));
        summary = (await res.json()) as typeof summary;
      },
    });
    expect(err.text).toBe("");
    expect(code).toBe(0);
    expect(out.text).toContain(
      `Observatory (the local server keeps running; Ctrl-C stops it):\n  ${observatory}`,
    );
    expect(observatory).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/observatory\/$/);
    // 20 requests in each of 4 rollout phases; enforcing would block exactly the 8 attacks of each phase.
    expect(summary?.total).toBe(80);
    expect(summary?.enforce_would_block).toMatchObject({ total: 32, by_label: { attack: 32 } });
    // Once stopped, the server is closed.
    await expect(fetch(new URL("api/summary", observatory))).rejects.toThrow();
  });

  it("--observe refuses a remote deployment", async () => {
    const err = sink();
    const code = await main(["--observe"], {
      env: { ...env, HIGHFLAME_API_KEY: "k", HIGHFLAME_BASE_URL: "http://127.0.0.1:9" },
      write: () => {},
      writeError: err.write,
    });
    expect(code).toBe(2);
    expect(err.text).toContain("--observe needs the in-process local server");
  });

  it("a stage whose expectations do not hold makes main() exit non-zero, naming it", async () => {
    const out = sink();
    const err = sink();
    const code = await main(["--only", "setup,rollout,outage"], {
      env,
      color: false,
      write: out.write,
      writeError: err.write,
      expectations: { rollout: { enforce: { blocked: 7 } } },
    });
    expect(code).toBe(1);
    expect(err.text).toContain("stage(s) rollout did not behave as expected");
    expect(out.text).toContain("✖ enforce: blocked expected 7, got 8");
    expect(out.text).toMatch(/rollout\s+FAILED/);
    expect(out.text).toMatch(/setup\s+as expected/);
    expect(out.text).toMatch(/outage\s+as expected/);
  });

  it("a missing required policy fails the setup stage without a stack trace", async () => {
    const out = sink();
    const code = await main(["--only", "setup"], {
      env,
      write: out.write,
      writeError: () => {},
      expectations: { setup: { requiredPolicies: ["no-such-policy"] } },
    });
    expect(code).toBe(1);
    expect(out.text).toContain("✖ required policies are loaded");
    expect(out.text).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });

  it("rejects unknown stages with usage and exit 2", async () => {
    const err = sink();
    const code = await main(["--only", "nope"], { env, writeError: err.write });
    expect(code).toBe(2);
    expect(err.text).toContain("Unknown stage(s): nope");
  });
});
