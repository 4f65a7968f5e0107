import { Agent, request } from "undici";
import type { Benchmark } from "../benchmark.js";
import { type BenchCase, concurrentRound, measure, sequentialRound } from "../measure.js";
import type { Check } from "../report.js";

/** A benign prompt every call evaluates. */
const PROMPT = "What is the capital of France?";
/** Workers of the concurrent cases. */
const CONCURRENCY = 8;

/** Fetches a token the way the SDK does (`api_key` grant), for the hand-built baseline. */
async function fetchToken(agent: Agent, tokenUrl: string, apiKey: string): Promise<string> {
  const res = await request(tokenUrl, {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ grant_type: "api_key", api_key: apiKey }),
  });
  const body = (await res.body.json()) as { access_token?: unknown };
  if (res.statusCode !== 200 || typeof body.access_token !== "string") {
    throw new Error(`token exchange for the baseline failed with status ${res.statusCode}`);
  }
  return body.access_token;
}

/** `client.guard.evaluate()` vs the same POST by undici `request()` with hand-built headers. */
export const guardBenchmark: Benchmark = {
  name: "guard",
  title:
    "Cedar dev server in this process: client.guard.evaluate() vs undici request() with a pre-fetched token (keep-alive, 127.0.0.1)",
  async run(openEnv, { quick }) {
    const env = await openEnv();
    const client = env.newClient();
    const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
    try {
      const url = `${env.dev.url}/v1${client.pathPrefix}/guard`;
      const token = await fetchToken(agent, `${env.dev.url}${env.tokenPath}`, env.dev.apiKey);
      const headers = {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json",
        "x-account-id": env.dev.accountId,
        "x-project-id": env.dev.projectId,
      };
      const body = JSON.stringify({ content: PROMPT, content_type: "prompt", action: "process_prompt" });
      const baseline = async () => {
        const res = await request(url, { method: "POST", dispatcher: agent, headers, body });
        const parsed = (await res.body.json()) as { decision?: string };
        if (res.statusCode !== 200) throw new Error(`baseline guard call failed: ${res.statusCode}`);
        return parsed.decision;
      };
      const sdk = async () =>
        (await client.guard.evaluate({ content: PROMPT, content_type: "prompt", action: "process_prompt" }))
          .decision;

      const checks: Check[] = [];
      const decisions = [await sdk(), await baseline()];
      checks.push({
        name: "sdk and baseline decisions",
        ok: decisions[0] === "allow" && decisions[1] === "allow",
        detail: decisions.join(" / "),
      });

      const sequentialOps = quick ? 30 : 200;
      const concurrentOps = quick ? 80 : 800;
      const cases: BenchCase[] = [
        {
          name: "undici request(), sequential",
          group: "seq",
          baseline: true,
          opsPerUnit: 1,
          round: () => sequentialRound(sequentialOps, baseline),
        },
        {
          name: "sdk guard.evaluate(), sequential",
          group: "seq",
          baseline: false,
          opsPerUnit: 1,
          round: () => sequentialRound(sequentialOps, sdk),
        },
        {
          name: `undici request(), concurrency ${CONCURRENCY}`,
          group: "c8",
          baseline: true,
          opsPerUnit: 1,
          round: () => concurrentRound(concurrentOps, CONCURRENCY, baseline),
        },
        {
          name: `sdk guard.evaluate(), concurrency ${CONCURRENCY}`,
          group: "c8",
          baseline: false,
          opsPerUnit: 1,
          round: () => concurrentRound(concurrentOps, CONCURRENCY, sdk),
        },
      ];
      const results = await measure(cases, { warmup: 1, rounds: quick ? 3 : 7 });
      return { name: this.name, title: this.title, cases: results, checks };
    } finally {
      await client.close();
      await agent.close();
    }
  },
};
