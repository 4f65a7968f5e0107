import { spawnSync } from "node:child_process";

/** Where the benchmark's processes run: the guard server on one CPU, every client process on another. */
export interface Pinning {
  /** True when `taskset` works here and at least two CPUs are allowed to this process. */
  available: boolean;
  /** CPU the guard server is pinned to (`undefined` when pinning is unavailable). */
  serverCpu: number | undefined;
  /** CPU every client process (worker, import and first-call probes) is pinned to. */
  clientCpu: number | undefined;
  /** One line for the output, e.g. `"pinned: guard server on cpu 1, client on cpu 0 (taskset)"`. */
  description: string;
}

/** Parses `taskset -pc`'s `"pid 12's current affinity list: 0,2-3"` into CPU numbers. */
export function parseAffinityList(output: string): number[] {
  const list = /affinity list:\s*([\d,\s-]+)/.exec(output)?.[1]?.trim();
  if (!list) return [];
  const cpus: number[] = [];
  for (const part of list.split(",")) {
    const [from, to] = part.trim().split("-").map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to !== undefined && Number.isInteger(to) ? to : from;
    for (let cpu = from; cpu <= last && cpus.length < 4096; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/**
 * Finds two CPUs this process may use and checks that `taskset` can pin a child to one. Never throws: when
 * pinning is impossible (no `taskset`, one CPU, a container that forbids it) the benchmark runs unpinned and the
 * description says why.
 */
export function detectPinning(): Pinning {
  const unavailable = (why: string): Pinning => ({
    available: false,
    serverCpu: undefined,
    clientCpu: undefined,
    description: `not pinned: ${why}; server and client share the scheduler's CPUs`,
  });
  if (process.platform !== "linux")
    return unavailable(`taskset is Linux-only (platform ${process.platform})`);
  const probe = spawnSync("taskset", ["-pc", String(process.pid)], { encoding: "utf8", timeout: 5000 });
  if (probe.error || probe.status !== 0)
    return unavailable("taskset is not installed (apt-get install util-linux)");
  const cpus = parseAffinityList(probe.stdout);
  if (cpus.length < 2) return unavailable(`only ${cpus.length} CPU allowed to this process`);
  const [clientCpu, serverCpu] = [cpus[0]!, cpus[1]!];
  const trial = spawnSync("taskset", ["-c", String(serverCpu), "true"], { timeout: 5000 });
  if (trial.error || trial.status !== 0) return unavailable(`taskset -c ${serverCpu} was refused`);
  return {
    available: true,
    serverCpu,
    clientCpu,
    description: `pinned with taskset: guard server on cpu ${serverCpu}, client processes on cpu ${clientCpu}`,
  };
}

/** The command line that runs `node args…` on `cpu` (plain `node` when `cpu` is undefined). */
export function pinnedNode(cpu: number | undefined, args: readonly string[]): [string, string[]] {
  if (cpu === undefined) return [process.execPath, [...args]];
  return ["taskset", ["-c", String(cpu), process.execPath, ...args]];
}
