import { Highflame } from "@highflame/sdk";
import type { Dispatcher } from "undici";
import { type Benchmark, byScale } from "../benchmark.js";
import { concurrentRound, measure } from "../measure.js";
import type { Check } from "../report.js";
import { silentLogger } from "../silent-logger.js";
import { InstantDispatcher } from "../stub/instant-dispatcher.js";

const ORIGIN = "http://bench.invalid";
const PAYLOAD = {
  content: "What is the capital of France?",
  content_type: "prompt",
  action: "process_prompt",
} as const;
const CONCURRENCY = 64;

/** The least a guard call on undici's dispatcher can do: stringify, dispatch, collect, parse. */
function bareCall(dispatcher: Dispatcher, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    dispatcher.dispatch(
      { origin: ORIGIN, path: "/v1/guard", method: "POST", headers, body: JSON.stringify(PAYLOAD) },
      {
        onConnect() {},
        onHeaders: () => true,
        onData(chunk: Buffer) {
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          const text =
            chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
          resolve(String((JSON.parse(text) as { decision?: unknown }).decision));
        },
        onError: reject,
      },
    );
  });
}

/**
 * The SDK's own CPU per guard call, with the network and the server taken out: `client.guard.evaluate()` and a
 * bare `dispatch()` client both send through an {@link InstantDispatcher} (answers in the next microtask, no
 * socket), in this process, at concurrency 64. The difference of the two is what the SDK adds per call (request
 * validation, headers, idempotency key, timer, response validation, promises).
 */
export const overheadBenchmark: Benchmark = {
  name: "overhead",
  title: "the SDK's own work per guard call: client.guard.evaluate() vs a bare dispatch() client, no network",
  async run(_env, { scale }) {
    const ops = byScale(scale, { full: 20_000, quick: 4_000, tiny: 200 });
    const sdkDispatcher = new InstantDispatcher();
    const bareDispatcher = new InstantDispatcher();
    const client = new Highflame({
      apiKey: "hf_sk_bench_instant",
      baseUrl: ORIGIN,
      tokenUrl: `${ORIGIN}/oauth2/token`,
      dispatcher: sdkDispatcher,
      logger: silentLogger,
    });
    try {
      const { accessToken } = await client.tokenProvider.getToken();
      const headers = {
        "content-type": "application/json",
        accept: "application/json",
        authorization: `Bearer ${accessToken}`,
      };
      let unexpected = 0;
      const sdk = async () => {
        if ((await client.guard.evaluate(PAYLOAD)).decision !== "allow") unexpected++;
      };
      const bare = async () => {
        if ((await bareCall(bareDispatcher, headers)) !== "allow") unexpected++;
      };
      const results = await measure(
        [
          {
            name: "bare dispatch() client",
            group: "overhead",
            baseline: true,
            opsPerUnit: 1,
            round: () => concurrentRound(ops, CONCURRENCY, bare),
          },
          {
            name: "sdk client.guard.evaluate()",
            group: "overhead",
            baseline: false,
            opsPerUnit: 1,
            round: () => concurrentRound(ops, CONCURRENCY, sdk),
          },
        ],
        { warmup: 2, rounds: byScale(scale, { full: 15, quick: 5, tiny: 2 }) },
      );
      const [bareResult, sdkResult] = results as [(typeof results)[number], (typeof results)[number]];
      const addedUs = (sdkResult.medianMs - bareResult.medianMs) * 1000;
      const checks: Check[] = [
        { name: "calls answered allow", ok: unexpected === 0, detail: `${unexpected} unexpected decisions` },
        {
          name: "sdk guard calls dispatched with a bearer token, one token exchange",
          ok:
            sdkDispatcher.counts.guardCalls === sdkDispatcher.counts.guardWithBearer &&
            sdkDispatcher.counts.guardCalls > 0 &&
            sdkDispatcher.counts.tokenExchanges === 1,
          detail: `${sdkDispatcher.counts.guardWithBearer} of ${sdkDispatcher.counts.guardCalls}, ${sdkDispatcher.counts.tokenExchanges} exchange(s)`,
        },
      ];
      return {
        name: this.name,
        title: this.title,
        cases: results,
        checks,
        notes: [`the SDK adds ${addedUs.toFixed(2)} µs per call (median sdk − median bare)`],
      };
    } finally {
      await client.close();
    }
  },
};
