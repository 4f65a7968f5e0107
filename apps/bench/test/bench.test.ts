import { describe, expect, it } from "vitest";
import type { Benchmark } from "../src/benchmark.js";
import { type JsonOutput, main } from "../src/cli.js";
import { summarize } from "../src/measure.js";

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

/** Table rows of one benchmark's section: `[case, ratio]` for every row ending in a ratio column. */
function ratioRows(text: string, bench: string): [string, string][] {
  const section = text.split("\n== ").find((s) => s.startsWith(`${bench}:`)) ?? "";
  return section
    .split("\n")
    .map((line) => /^(\S.*?)\s{2,}\d+\s{2}.*\s(\S+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!]);
}

describe("bench --tiny --only overhead", () => {
  it("measures the SDK and a bare dispatch() client through the instant dispatcher; its checks hold", async () => {
    const out = sink();
    const err = sink();
    expect(await main(["--tiny", "--only", "overhead"], out)).toBe(0);
    expect(err.text).toBe("");
    expect(out.text).toContain("check overhead: calls answered allow: 0 unexpected decisions ok");
    expect(out.text).toMatch(
      /check overhead: sdk guard calls dispatched with a bearer token, one token exchange: (\d+) of \1, 1 exchange\(s\) ok/,
    );
    expect(out.text).toMatch(/note: the SDK adds -?\d+\.\d{2} µs per call/);
    const rows = ratioRows(out.text, "overhead");
    expect(rows.map(([name]) => name)).toEqual([
      "bare dispatch() client (baseline)",
      "sdk client.guard.evaluate()",
    ]);
  });
});

describe("bench --tiny --only sse,token-cache", () => {
  it("prints the correctness lines and numeric ratios, and exits 0", { timeout: 120_000 }, async () => {
    const out = sink();
    const err = sink();
    const status = await main(["--tiny", "--only", "sse,token-cache"], out);
    expect(err.text).toBe("");
    expect(status).toBe(0);
    expect(out.text).toMatch(
      /check token-cache: token exchanges per cold burst: exchange count 1 \(bursts: 1(, 1)+\) ok/,
    );
    expect(out.text).toContain(
      "check token-cache: token exchanges per warm burst (timed part): exchange count 0 ok",
    );
    expect(out.text).toContain("check token-cache: guard calls answered 200 per burst: 1000 of 1000 ok");
    expect(out.text).toContain("check sse: event counts (SSEDecoder / naive): 20000 / 20000 of 20000 ok");
    expect(out.text).not.toContain("FAILED");
    expect(out.text).not.toContain("== guard:");
    expect(out.text).not.toContain("== verify:");
    for (const [bench, rows] of [
      ["token-cache", 4],
      ["sse", 2],
    ] as const) {
      const found = ratioRows(out.text, bench);
      expect(found.map(([name]) => name)).toHaveLength(rows);
      for (const [name, ratio] of found) {
        expect(ratio, `${bench} ${name}`).toMatch(/^\d+\.\d{2}x$/);
        if (name.endsWith("(baseline)")) expect(ratio).toBe("1.00x");
      }
    }
  });

  it("--json gives one parseable document whose checks hold and whose ratios are numbers", {
    timeout: 60_000,
  }, async () => {
    const out = sink();
    const status = await main(["--quick", "--only", "sse", "--json"], {
      write: out.write,
      writeError: out.write,
    });
    expect(status).toBe(0);
    const doc = JSON.parse(out.text) as JsonOutput;
    expect(doc.ok).toBe(true);
    expect(doc.benchmarks.map((b) => b.name)).toEqual(["sse"]);
    const [sse] = doc.benchmarks;
    expect(sse!.checks.every((c) => c.ok)).toBe(true);
    for (const c of sse!.cases) {
      expect(Number.isFinite(c.ratio)).toBe(true);
      expect(c.runs).toBeGreaterThan(0);
    }
  });

  it("a failed correctness check exits 1 and names it; a slow case never does", async () => {
    const out = sink();
    const err = sink();
    const broken: Benchmark = {
      name: "broken",
      title: "a benchmark whose check fails",
      async run() {
        const cases = summarize([
          { name: "base", group: "g", baseline: true, opsPerUnit: 1, samples: [1, 1, 1] },
          { name: "slow", group: "g", baseline: false, opsPerUnit: 1, samples: [1000, 1000, 1000] },
        ]);
        return {
          name: "broken",
          title: this.title,
          cases,
          checks: [{ name: "counts", ok: false, detail: "1 / 2" }],
        };
      },
    };
    const slow: Benchmark = {
      ...broken,
      name: "slow",
      async run() {
        const report = await broken.run(undefined as never, undefined as never);
        return { ...report, name: "slow", checks: [{ name: "counts", ok: true, detail: "2 / 2" }] };
      },
    };
    const benchmarks = [broken, slow];
    expect(await main(["--only", "broken"], { write: out.write, writeError: err.write, benchmarks })).toBe(1);
    expect(out.text).toContain("check broken: counts: 1 / 2 FAILED");
    expect(err.text).toContain("correctness check(s) failed: broken: counts");
    expect(await main(["--only", "slow"], { write: out.write, writeError: err.write, benchmarks })).toBe(0);
    expect(out.text).toMatch(/slow\s+3\s.*1000\.00x/);
  });

  it("rejects an unknown benchmark name with status 2 before starting anything", async () => {
    const out = sink();
    const err = sink();
    expect(await main(["--only", "nope"], { write: out.write, writeError: err.write })).toBe(2);
    expect(err.text).toContain("Unknown or missing benchmark name(s): nope");
    expect(out.text).toBe("");
  });
});
