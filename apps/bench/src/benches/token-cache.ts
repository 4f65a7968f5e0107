import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Benchmark } from "../benchmark.js";
import type { BenchEnvironment } from "../environment.js";
import { DEFAULT_TIME_LIMIT_MS, summarize } from "../measure.js";
import type { Check } from "../report.js";

/** Calls started at once in every burst. */
export const BURST_CALLS = 1000;
const GUARD_REQUEST = {
  content: "Summarise this paragraph in one sentence.",
  content_type: "prompt",
  action: "process_prompt",
} as const;

interface Burst {
  firstMs: number;
  allMs: number;
  exchanges: number;
  guardCalls: number;
}

/** Starts {@link BURST_CALLS} guard calls on a fresh client at once; `warm` fetches its token first (untimed). */
async function burst(env: BenchEnvironment, warm: boolean): Promise<Burst> {
  const client = env.newClient();
  try {
    if (warm) await client.tokenProvider.getToken();
    const guardPath = `/v1${client.pathPrefix}/guard`;
    const exchangesBefore = env.requests.count("POST", env.tokenPath);
    const guardBefore = env.requests.count("POST", guardPath, 200);
    let firstMs = Number.NaN;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: BURST_CALLS }, async () => {
        await client.guard.evaluate(GUARD_REQUEST);
        if (Number.isNaN(firstMs)) firstMs = performance.now() - started;
      }),
    );
    const allMs = performance.now() - started;
    await nextTurn(); // let the server's "finish" log lines of the last responses land
    return {
      firstMs,
      allMs,
      exchanges: env.requests.count("POST", env.tokenPath) - exchangesBefore,
      guardCalls: env.requests.count("POST", guardPath, 200) - guardBefore,
    };
  } finally {
    await client.close();
  }
}

/** Concurrent first calls on a fresh client (one token exchange shared) vs the same burst with a cached token. */
export const tokenCacheBenchmark: Benchmark = {
  name: "token-cache",
  title: `${BURST_CALLS.toLocaleString("en-US")} concurrent guard calls on a fresh client: cold token cache vs token already cached`,
  async run(openEnv, { quick, scale }) {
    const env = await openEnv();
    // Each burst is itself 1 000 calls (~2 s here), so a full run measures four rounds per case, a quick one two and
    // a tiny one (the test's) one.
    const rounds = scale === "tiny" ? 1 : quick ? 2 : 4;
    const cold: Burst[] = [];
    const warm: Burst[] = [];
    const warmup = [await burst(env, false), await burst(env, true)];
    const stopAt = performance.now() + DEFAULT_TIME_LIMIT_MS;
    for (let r = 0; r < rounds && (r === 0 || performance.now() < stopAt); r++) {
      if (r % 2 === 0) {
        cold.push(await burst(env, false));
        warm.push(await burst(env, true));
      } else {
        warm.push(await burst(env, true));
        cold.push(await burst(env, false));
      }
    }
    const coldAll = [warmup[0]!, ...cold];
    const warmAll = [warmup[1]!, ...warm];
    const checks: Check[] = [
      {
        name: "token exchanges per cold burst",
        ok: coldAll.every((b) => b.exchanges === 1),
        detail: `exchange count ${distinct(coldAll.map((b) => b.exchanges))} (bursts: ${coldAll.map((b) => b.exchanges).join(", ")})`,
      },
      {
        name: "token exchanges per warm burst (timed part)",
        ok: warmAll.every((b) => b.exchanges === 0),
        detail: `exchange count ${distinct(warmAll.map((b) => b.exchanges))}`,
      },
      {
        name: "guard calls answered 200 per burst",
        ok: [...coldAll, ...warmAll].every((b) => b.guardCalls === BURST_CALLS),
        detail: `${distinct([...coldAll, ...warmAll].map((b) => b.guardCalls))} of ${BURST_CALLS}`,
      },
    ];
    const results = summarize([
      {
        name: `cached token: all ${BURST_CALLS} responses`,
        group: "all",
        baseline: true,
        opsPerUnit: BURST_CALLS,
        samples: warm.map((b) => b.allMs),
      },
      {
        name: `cold cache: all ${BURST_CALLS} responses`,
        group: "all",
        baseline: false,
        opsPerUnit: BURST_CALLS,
        samples: cold.map((b) => b.allMs),
      },
      {
        name: "cached token: first response",
        group: "first",
        baseline: true,
        opsPerUnit: 0,
        samples: warm.map((b) => b.firstMs),
      },
      {
        name: "cold cache: first response",
        group: "first",
        baseline: false,
        opsPerUnit: 0,
        samples: cold.map((b) => b.firstMs),
      },
    ]);
    return { name: this.name, title: this.title, cases: results, checks };
  },
};

/** `"1"` when every value is 1, else e.g. `"0..2"`. */
function distinct(values: readonly number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min === max ? String(min) : `${min}..${max}`;
}
