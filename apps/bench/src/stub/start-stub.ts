import { randomBytes } from "node:crypto";
import { request } from "undici";
import type { ChildGroup } from "../processes/children.js";
import { childScript } from "../processes/scripts.js";
import type { StubStats } from "./guard-stub-fixture.js";

/** Longest a benchmark may keep the stub server, ms; it is killed after this whatever happens. */
export const STUB_LIFETIME_MS = 15 * 60_000;

/** A running stub guard server process. */
export interface StubServer {
  /** e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The service key it accepts (random per run). */
  apiKey: string;
  /** Process id of the server (the `node` process; `taskset` execs it). */
  pid: number | undefined;
  /** Its request counters. */
  stats(): Promise<StubStats>;
}

/** Starts `stub/guard-stub-server.js` as a child of `children`, on `cpu` when given, and waits until it listens. */
export async function startStubServer(children: ChildGroup, cpu: number | undefined): Promise<StubServer> {
  const apiKey = `hf_sk_bench_${randomBytes(18).toString("base64url")}`;
  const child = children.spawn(childScript("stub/guard-stub-server.js"), [], {
    label: "guard stub server",
    cpu,
    timeoutMs: STUB_LIFETIME_MS,
    env: { BENCH_API_KEY: apiKey },
  });
  const ready = JSON.parse(await child.firstLine(15_000)) as { url?: unknown };
  if (typeof ready.url !== "string") throw new Error("guard stub server printed no URL");
  const url = ready.url;
  return {
    url,
    apiKey,
    pid: child.pid,
    async stats() {
      const res = await request(`${url}/stats`);
      return (await res.body.json()) as StubStats;
    },
  };
}
