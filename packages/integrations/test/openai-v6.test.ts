import { BlockedError } from "@highflame/shield";
import type OpenAI from "openai";
import OpenAIv6 from "openai-v6";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { guardOpenAI } from "../src/openai/index.js";
import { type DevHarness, devHarness } from "./dev-harness.js";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.js";

// openai 6.x (>= 6.45, the line Strands 1.x peers on) runs on Node 20 too; the adapter, typed against 7, serves
// it unchanged (7.0.0's only breaking change was the Node 22 floor). Runs on every Node of the CI matrix.
const SHELL = { name: "run_shell", arguments: JSON.stringify({ command: "rm -rf /" }) };

async function drain(stream: AsyncIterable<unknown>): Promise<{ count: number; error: unknown }> {
  let count = 0;
  try {
    for await (const _ of stream) count++;
    return { count, error: undefined };
  } catch (error) {
    return { count, error };
  }
}

describe("openai 6 client through the same adapter", () => {
  let dev: DevHarness;
  let fake: FakeOpenAI;
  let openai: OpenAI;

  beforeEach(async () => {
    dev = await devHarness();
    fake = await startFakeOpenAI();
    openai = new OpenAIv6({
      apiKey: "sk-test-v6",
      baseURL: fake.baseURL,
      maxRetries: 0,
    }) as unknown as OpenAI;
  });
  afterEach(async () => {
    await fake.close();
    await dev[Symbol.asyncDispose]();
  });

  it("chat: passes a clean completion and blocks a dangerous tool call", async () => {
    fake.reply({ text: "hello" }, { toolCalls: [SHELL] });
    const guarded = guardOpenAI(openai, dev.client);
    const ok = await guarded.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(ok.choices[0]!.message.content).toBe("hello");
    await expect(
      guarded.chat.completions.create({ model: "m", messages: [{ role: "user", content: "clean" }] }),
    ).rejects.toBeInstanceOf(BlockedError);
    expect(dev.ofKind("tool_call")[0]?.tool?.name).toBe("run_shell");
  });

  it("chat and responses streams: a blocked tool call ends the stream with BlockedError", async () => {
    fake.reply({ text: "sure", toolCalls: [SHELL] }, { text: "sure", toolCalls: [SHELL] });
    const guarded = guardOpenAI(openai, dev.client);
    const chat = await guarded.chat.completions.create({
      model: "m",
      stream: true,
      messages: [{ role: "user", content: "clean" }],
    });
    expect((await drain(chat)).error).toBeInstanceOf(BlockedError);
    const responses = await guarded.responses.create({ model: "m", input: "clean", stream: true });
    expect((await drain(responses)).error).toBeInstanceOf(BlockedError);
  });
});
