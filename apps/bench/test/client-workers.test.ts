import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { clientChecks } from "../src/client/analysis.js";
import { runClientCases } from "../src/client/driver.js";
import type { WorkerConfig } from "../src/client/protocol.js";
import { CaseWorker } from "../src/client/worker.js";
import { ChildGroup } from "../src/processes/children.js";
import { detectPinning, parseAffinityList } from "../src/processes/pinning.js";
import { type StubServer, startStubServer } from "../src/stub/start-stub.js";

/** Case worker processes that are children of this process: pid and the case named in their argument. */
function caseWorkers(): { pid: number; case: string }[] {
  const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .filter((line) => line.includes("client/worker-main.js"))
    .map((line) => ({
      pid: Number(line.trim().split(/\s+/)[0]),
      case: /"case":"([^"]*)"/.exec(line)?.[1] ?? "",
    }));
}

function plan(stub: StubServer, cases: string[]): WorkerConfig {
  return {
    url: stub.url,
    cases,
    warmupCalls: 3,
    rounds: 2,
    sequentialCalls: 5,
    concurrentCalls: 16,
    concurrency: 8,
    timeLimitMs: 30_000,
  };
}

describe("client benchmark: one worker process per case", () => {
  let children: ChildGroup;
  afterEach(async () => {
    await children?.close();
    expect(caseWorkers()).toEqual([]);
  });

  it("runs each case in its own process, all pinned to the client CPU, and every process exits at the end", async () => {
    children = new ChildGroup();
    const pinning = detectPinning();
    const stub = await startStubServer(children, pinning.serverCpu);
    const seen: { pid: number; case: string }[][] = [];
    const result = await runClientCases(plan(stub, ["sdk", "undici", "fetch"]), {
      children,
      apiKey: stub.apiKey,
      cpu: pinning.clientCpu,
      stats: () => {
        const workers = caseWorkers();
        seen.push(workers);
        if (pinning.available) {
          for (const { pid } of workers) {
            const affinity = spawnSync("taskset", ["-pc", String(pid)], { encoding: "utf8" }).stdout;
            expect(parseAffinityList(affinity)).toEqual([pinning.clientCpu]);
          }
        }
        return stub.stats();
      },
    });
    // Read before the first and after the last measured round: three workers both times, the same processes.
    expect(seen).toHaveLength(2);
    expect(seen[0]!.map((w) => w.case).sort()).toEqual(["fetch", "sdk", "undici"]);
    expect(seen[1]).toEqual(seen[0]);
    expect(caseWorkers()).toEqual([]); // all gone when the run returns
    expect(result.rounds).toBe(2);
    expect(result.cases.map((c) => [c.name, c.sequential.length, c.concurrent.length, c.calls])).toEqual([
      ["sdk", 2, 2, 42],
      ["undici", 2, 2, 42],
      ["fetch", 2, 2, 42],
    ]);
    expect(result.cases[0]!.label).toBe("sdk client.guard.evaluate()");
    // The server saw exactly the measured calls between the two reads: warm-up and tokens came before.
    expect(result.server).toEqual({ tokenExchanges: 0, guardOk: 126, guardRejected: 0 });
    expect(clientChecks(result).every((c) => c.ok)).toBe(true);
    for (const c of result.cases) {
      expect(c.pooled.p50Us).toBeGreaterThan(0);
      expect(c.pooled.p99Us).toBeGreaterThanOrEqual(c.pooled.p50Us);
    }
  });

  it("a worker that does not know its case fails the run with its label and stderr, and leaves no child", async () => {
    children = new ChildGroup();
    const stub = await startStubServer(children, undefined);
    await expect(
      runClientCases(plan(stub, ["sdk", "no-such-case"]), {
        children,
        apiKey: stub.apiKey,
        stats: () => stub.stats(),
      }),
    ).rejects.toThrow(
      /^client worker "no-such-case" exited before it answered: exit status 1\nError: unknown client case "no-such-case"$/,
    );
    expect(caseWorkers()).toEqual([]);
  });

  it("a worker killed mid-run fails the run with its label, and the other workers are killed", async () => {
    children = new ChildGroup();
    const stub = await startStubServer(children, undefined);
    let killed = 0;
    await expect(
      runClientCases(plan(stub, ["sdk", "undici"]), {
        children,
        apiKey: stub.apiKey,
        stats: () => {
          // Called once every worker is set up, right before the first measured round.
          const undici = caseWorkers().find((w) => w.case === "undici")!;
          process.kill(undici.pid, "SIGKILL");
          killed++;
          return stub.stats();
        },
      }),
    ).rejects.toThrow(/^client worker "undici" exited before it answered: killed by SIGKILL$/);
    expect(killed).toBe(1);
    expect(caseWorkers()).toEqual([]);
  });

  it("a worker that hangs is killed after the command timeout and fails the run with its label", async () => {
    children = new ChildGroup();
    const stub = await startStubServer(children, undefined);
    const started = performance.now();
    await expect(
      runClientCases(plan(stub, ["sdk", "undici"]), {
        children,
        apiKey: stub.apiKey,
        commandTimeoutMs: 1500,
        stats: () => {
          // Round 0 starts with the first case: stop it, it never answers.
          process.kill(caseWorkers().find((w) => w.case === "sdk")!.pid, "SIGSTOP");
          return stub.stats();
        },
      }),
    ).rejects.toThrow(/^client worker "sdk": no answer to sequential within 1500 ms$/);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(caseWorkers()).toEqual([]);
  });
});

describe("case worker commands", () => {
  const args = { url: "http://127.0.0.1:9", case: "undici" };

  it("rejects an unknown case, a round before setup, a bad count and an unknown command", async () => {
    expect(() => new CaseWorker({ ...args, case: "nope" }, "k")).toThrow('unknown client case "nope"');
    const worker = new CaseWorker(args, "k");
    await expect(worker.handle({ cmd: "sequential", calls: 5 })).rejects.toThrow(
      "case undici: not set up (send setup first)",
    );
    await expect(worker.handle({ cmd: "setup", warmupCalls: 0, concurrency: 8 })).rejects.toThrow(
      "command setup: warmupCalls must be a positive integer, got 0",
    );
    await expect(worker.handle({ cmd: "launch" } as never)).rejects.toThrow('unknown command "launch"');
  });
});
