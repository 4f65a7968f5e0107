import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { GuardResponseSchema } from "@highflame/shield";
import { describe, expect, it } from "vitest";
import { CLIENT_RATIOS } from "../src/benches/client.js";
import { type JsonOutput, main } from "../src/cli.js";
import { clientChecks, clientRatios } from "../src/client/analysis.js";
import type { CaseMeasurements, WorkerResult } from "../src/client/protocol.js";
import { ChildGroup, childEnv } from "../src/processes/children.js";
import { detectPinning, parseAffinityList } from "../src/processes/pinning.js";
import { childScript } from "../src/processes/scripts.js";
import { guardResponseBody } from "../src/stub/guard-stub-fixture.js";
import { startStubServer } from "../src/stub/start-stub.js";

function sink() {
  const chunks: string[] = [];
  return {
    write: (text: string) => void chunks.push(text),
    get text() {
      return chunks.join("");
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A case whose every round has the given p50 (µs) and throughput (calls/s). */
function measured(name: string, p50: number[], callsPerSec: number[]): CaseMeasurements {
  return {
    name,
    label: name,
    sequential: p50.map((p) => ({ p50Us: p, p99Us: 2 * p, cpuUsPerCall: p / 2 })),
    concurrent: callsPerSec.map((c) => ({ callsPerSec: c, cpuUsPerCall: 1e6 / c })),
    pooled: { p50Us: p50[0]!, p99Us: 2 * p50[0]! },
    unexpectedDecisions: 0,
    calls: 10,
  };
}

describe("bench --tiny --only client,cold-start", () => {
  it("--json: every case, table and ratio is present, ratios are finite, targets carry a verdict", {
    timeout: 180_000,
  }, async () => {
    const out = sink();
    const err = sink();
    const status = await main(["--tiny", "--only", "client,cold-start", "--json"], {
      write: out.write,
      writeError: err.write,
    });
    expect(err.text).toBe("");
    expect(status).toBe(0);
    const doc = JSON.parse(out.text) as JsonOutput;
    expect(doc.scale).toBe("tiny");
    expect(doc.machine.node).toBe(process.version);
    expect(doc.machine.cpuModel).not.toBe("");
    expect(doc.benchmarks.map((b) => b.name)).toEqual(["client", "cold-start"]);

    const client = doc.benchmarks[0]!;
    expect(client.checks.map((c) => [c.name, c.ok])).toEqual([
      ["measured calls answered allow", true],
      ["guard calls the server answered 200 / rejected while measuring", true],
      ["token exchanges while measuring (tokens cached beforehand)", true],
    ]);
    expect(client.tables?.map((t) => t.header)).toEqual([
      ["case", "rounds", "p50", "p99", "p99 of all calls", "client CPU/call"],
      ["case", "rounds", "calls/s", "client CPU/call"],
    ]);
    for (const table of client.tables!) {
      expect(table.rows.map((r) => r[0])).toEqual([
        "sdk client.guard.evaluate()",
        "raw undici request(), keep-alive Agent",
        "hand-written global fetch() client",
        "sdk + instrumentHighflame(), no OTel SDK",
      ]);
      for (const row of table.rows) {
        expect(row[1]).toBe("2"); // tiny: two rounds
        for (const cell of row.slice(2)) expect(cell).toMatch(/^[\d,.]+( (ns|µs|ms|s))?$/);
      }
    }
    expect(client.ratios).toHaveLength(CLIENT_RATIOS.length);
    for (const ratio of client.ratios!) {
      expect(Number.isFinite(ratio.value), ratio.name).toBe(true);
      expect(ratio.value).toBeGreaterThan(0);
      const [low, high] = ratio.range!;
      expect(low).toBeLessThanOrEqual(ratio.value);
      expect(high).toBeGreaterThanOrEqual(ratio.value);
    }
    expect(doc.targets.map((t) => t.name)).toEqual([
      "p50 latency c=1: sdk / raw undici",
      "throughput c=64: sdk / raw undici",
      "throughput c=64: sdk / fetch client",
    ]);
    for (const target of doc.targets) expect(typeof target.pass).toBe("boolean");

    const cold = doc.benchmarks[1]!;
    expect(cold.checks.every((c) => c.ok)).toBe(true);
    expect(cold.cases.map((c) => [c.name, c.runs])).toEqual([
      ["import undici", 2],
      ["import @highflame/sdk", 2],
      ["import @highflame/shield", 2],
      ["first call: raw undici (token + guard)", 2],
      ["first call: new Highflame client", 2],
    ]);
    for (const c of cold.cases) {
      expect(c.medianMs).toBeGreaterThan(0);
      expect(Number.isFinite(c.ratio)).toBe(true);
    }
    for (const ratio of cold.ratios!) expect(Number.isFinite(ratio.value), ratio.name).toBe(true);
  });

  it("text: the machine line, both client tables with units, and a PASS/MISS line per target", {
    timeout: 120_000,
  }, async () => {
    const out = sink();
    expect(await main(["--tiny", "--only", "client"], { write: out.write, writeError: out.write })).toBe(0);
    const lines = out.text.split("\n");
    expect(lines[0]).toMatch(
      /^node v\d+\.\d+\.\d+ .*, \d+ cpus, .*, tiny run, load average [\d.]+ at start$/,
    );
    expect(lines[1]).toMatch(
      /^(pinned with taskset: guard server on cpu \d+, client processes on cpu \d+|not pinned: .+)$/,
    );
    expect(out.text).toContain("-- concurrency 1: 10 calls per case per round");
    expect(out.text).toContain("-- concurrency 64: 64 calls per case per round");
    expect(out.text).toMatch(/^sdk client\.guard\.evaluate\(\)\s+2\s+[\d.]+ (µs|ms|s)\s+[\d.]+ (µs|ms|s)/m);
    const summary = out.text.slice(out.text.indexOf("== targets (issue 9):"));
    expect(summary).toMatch(/^== targets \(issue 9\): [0-3] of 3 PASS$/m);
    const verdicts = summary.split("\n").filter((l) => l.startsWith("client: "));
    expect(verdicts).toHaveLength(3);
    for (const line of verdicts) {
      expect(line).toMatch(/ \d+\.\d{3}x\s+\d+\.\d{3}x–\d+\.\d{3}x\s+[≤≥] \d+\.\d{2}x\s+(PASS|MISS)$/);
    }
    expect(out.text).toMatch(/^load average [\d.]+ at start, [\d.]+ at end \(\d+ cpus\)$/m);
    expect(out.text).toContain("all correctness checks held");
  });
});

describe("client analysis", () => {
  const result: WorkerResult = {
    cases: [
      measured("sdk", [200, 400, 900], [500, 1000, 3000]),
      measured("undici", [100, 100, 100], [1000, 1000, 1000]),
    ],
    rounds: 3,
    server: { tokenExchanges: 0, guardOk: 20, guardRejected: 0 },
    measuredMs: 10,
  };

  it("takes the median of per-round ratios, evaluates targets and skips ratios of cases not run", () => {
    const ratios = clientRatios(result, CLIENT_RATIOS);
    // Only sdk/undici ratios: the fetch case was not measured.
    expect(ratios.map((r) => r.name)).toEqual([
      "p50 latency c=1: sdk / raw undici",
      "p99 latency c=1: sdk / raw undici",
      "client CPU per call c=1: sdk / raw undici",
      "throughput c=64: sdk / raw undici",
      "client CPU per call c=64: sdk / raw undici",
    ]);
    expect(ratios[0]).toMatchObject({ value: 4, range: [2, 9], pass: false }); // median(2, 4, 9), target ≤ 0.95
    expect(ratios[1]).toEqual({ name: "p99 latency c=1: sdk / raw undici", value: 4, range: [2, 9] }); // no target
    expect(ratios[2]).toMatchObject({ value: 4, range: [2, 9] }); // CPU per call at c=1: p50 / 2 in both
    expect(ratios[3]).toMatchObject({ value: 1, pass: false }); // median(0.5, 1, 3), target ≥ 1.3
    expect(ratios[4]!.value).toBeCloseTo(1);
    const faster = clientRatios(
      { ...result, cases: [measured("sdk", [50, 50, 50], [2000, 2000, 2000]), result.cases[1]!] },
      CLIENT_RATIOS,
    );
    expect(faster[0]).toMatchObject({ value: 0.5, pass: true });
    expect(faster[3]).toMatchObject({ value: 2, pass: true });
  });

  it("fails the checks when the server saw a token exchange or fewer calls than were made", () => {
    const bad = clientChecks({ ...result, server: { tokenExchanges: 1, guardOk: 19, guardRejected: 1 } });
    expect(bad.map((c) => c.ok)).toEqual([true, false, false]);
    expect(clientChecks(result).every((c) => c.ok)).toBe(true);
  });
});

describe("guard stub", () => {
  it("answers with a body Shield's own schema accepts, every field kept", () => {
    const body = JSON.parse(guardResponseBody().toString("utf8")) as Record<string, unknown>;
    const parsed = GuardResponseSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual(body);
    expect(parsed.data?.decision).toBe("allow");
  });
});

describe("child processes", () => {
  it("children inherit neither proxy settings nor HIGHFLAME_* options", () => {
    const saved = { ...process.env };
    try {
      process.env.HTTPS_PROXY = "http://proxy.invalid:3128";
      process.env.no_proxy = "*";
      process.env.HIGHFLAME_LOG = "debug";
      process.env.BENCH_KEEP = "1";
      const env = childEnv({ BENCH_API_KEY: "k" });
      expect(env.HTTPS_PROXY).toBeUndefined();
      expect(env.no_proxy).toBeUndefined();
      expect(env.HIGHFLAME_LOG).toBeUndefined();
      expect(env.BENCH_KEEP).toBe("1");
      expect(env.BENCH_API_KEY).toBe("k");
    } finally {
      process.env = saved;
    }
  });

  it("parses taskset's affinity list", () => {
    expect(parseAffinityList("pid 12's current affinity list: 0,2-4,7\n")).toEqual([0, 2, 3, 4, 7]);
    expect(parseAffinityList("garbage")).toEqual([]);
  });

  it("the stub server is killed when its group closes, and runs on the pinned CPU", async () => {
    const pinning = detectPinning();
    const children = new ChildGroup();
    const stub = await startStubServer(children, pinning.serverCpu);
    expect(await stub.stats()).toEqual({ tokenExchanges: 0, tokenRejected: 0, guardOk: 0, guardRejected: 0 });
    const pid = stub.pid!;
    expect(alive(pid)).toBe(true);
    if (pinning.available) {
      const affinity = spawnSync("taskset", ["-pc", String(pid)], { encoding: "utf8" }).stdout;
      expect(parseAffinityList(affinity)).toEqual([pinning.serverCpu]);
    }
    await children.close();
    expect(alive(pid)).toBe(false);
    await expect(stub.stats()).rejects.toThrow();
  });

  it("a child past its time limit is killed", async () => {
    const children = new ChildGroup();
    // The stub server never exits by itself: only the time limit can end it.
    const limited = children.spawn(childScript("stub/guard-stub-server.js"), [], {
      label: "limited",
      timeoutMs: 1500,
      env: { BENCH_API_KEY: "test-key" },
    });
    const started = performance.now();
    await expect(limited.succeeded()).rejects.toThrow(/limited failed: killed by SIGKILL/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
    expect(alive(limited.pid!)).toBe(false);
    await children.close();
  });

  it("nextLine() returns stdout lines in order; a silent child is killed at the timeout, with its stderr", async () => {
    const children = new ChildGroup();
    try {
      const code = `process.stdout.write("one\\ntwo\\n"); process.stderr.write("Error: stuck\\n"); setInterval(() => {}, 1000);`;
      const child = children.spawn("-e", [code], { label: "silent", timeoutMs: 30_000 });
      expect(await child.nextLine(10_000)).toBe("one");
      expect(await child.nextLine(10_000)).toBe("two");
      expect(await child.firstLine(10_000)).toBe("one");
      await expect(child.nextLine(500, "no answer")).rejects.toThrow(
        /^silent: no answer within 500 ms\nError: stuck$/,
      );
      await expect(child.succeeded()).rejects.toThrow(/silent failed: killed by SIGKILL/);
      expect(alive(child.pid!)).toBe(false);
    } finally {
      await children.close();
    }
  });

  it("a child exits by itself when its parent's end of stdin closes", async () => {
    const child = spawn(process.execPath, [childScript("stub/guard-stub-server.js")], {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, BENCH_API_KEY: "test-key" },
    });
    try {
      await once(child.stdout, "data"); // listening
      child.stdin.end();
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
