#!/usr/bin/env node
/**
 * One first-call sample, in a fresh process: `argv[2]` is `sdk` or `undici`, `argv[3]` the stub server's URL,
 * `argv[4]` the absolute file URL of `@highflame/sdk` or `undici`; the service key is in `BENCH_API_KEY`. The
 * module is imported untimed; the timed part is a new client's first guard call: construction, the token
 * exchange, opening the connection(s), the guard call and parsing its answer. Prints
 * `{"firstCallMs":…,"decision":…}`.
 */
import { performance } from "node:perf_hooks";
import { childMain } from "../processes/child-main.js";

type Sdk = typeof import("@highflame/sdk");
type Undici = typeof import("undici");

const [kind, url = "", moduleUrl = ""] = process.argv.slice(2);
const apiKey = process.env.BENCH_API_KEY ?? "";
const tokenUrl = `${url}/oauth2/token`;
const payload = {
  content: "What is the capital of France?",
  content_type: "prompt",
  action: "process_prompt",
} as const;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function sdkFirstCall(): Promise<[number, string, () => Promise<void>]> {
  const { Highflame } = (await import(moduleUrl)) as Sdk;
  const started = performance.now();
  const client = new Highflame({ apiKey, baseUrl: url, tokenUrl, logger: silent });
  const res = await client.guard.evaluate(payload);
  return [performance.now() - started, res.decision, () => client.close()];
}

async function undiciFirstCall(): Promise<[number, string, () => Promise<void>]> {
  const { Agent, request } = (await import(moduleUrl)) as Undici;
  const started = performance.now();
  const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const headers = { "content-type": "application/json", accept: "application/json" };
  const exchange = await request(tokenUrl, {
    method: "POST",
    dispatcher,
    headers,
    body: JSON.stringify({ grant_type: "api_key", api_key: apiKey }),
  });
  const { access_token } = (await exchange.body.json()) as { access_token: string };
  const res = await request(`${url}/v1/guard`, {
    method: "POST",
    dispatcher,
    headers: { ...headers, authorization: `Bearer ${access_token}` },
    body: JSON.stringify(payload),
  });
  const { decision } = (await res.body.json()) as { decision: string };
  return [performance.now() - started, String(decision), () => dispatcher.close()];
}

await childMain(async () => {
  if (kind !== "sdk" && kind !== "undici") throw new Error(`unknown probe kind ${kind}`);
  const [firstCallMs, decision, close] = await (kind === "sdk" ? sdkFirstCall() : undiciFirstCall());
  await close();
  return { firstCallMs, decision };
});
