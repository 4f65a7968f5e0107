import { BlockedError, SuspendedError } from "@highflame/shield";
import { describe, expect, it } from "vitest";
import { type AISDKCallParams, highflameMiddleware } from "../src/ai-sdk/index.js";
import { harness, ofKind } from "./helpers.js";

const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });
const assistant = (text: string) => ({ role: "assistant", content: [{ type: "text", text }] });

/** What `wrapLanguageModel` does: transformParams, then wrapGenerate around the model's doGenerate. */
async function generate(
  mw: ReturnType<typeof highflameMiddleware>,
  params: AISDKCallParams,
  content: unknown[],
) {
  const seen: AISDKCallParams[] = [];
  const transformed = await mw.transformParams({ type: "generate", params });
  const result = await mw.wrapGenerate({
    params: transformed,
    doGenerate: async () => {
      seen.push(transformed);
      return { content, finishReason: "stop", usage: { inputTokens: 1, outputTokens: 1 }, warnings: [] };
    },
  });
  return { result, seen, transformed };
}

function partsStream(parts: unknown[]): ReadableStream<unknown> {
  return new ReadableStream({
    start(controller) {
      for (const p of parts) controller.enqueue(p);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const part of stream as unknown as AsyncIterable<unknown>) out.push(part);
  return out;
}

describe("highflameMiddleware (Vercel AI SDK)", () => {
  it("is LanguageModelV2Middleware-shaped and guards the last user prompt and the text output", async () => {
    await using h = await harness();
    const mw = highflameMiddleware(h.client);
    expect(mw.middlewareVersion).toBe("v2");
    const params = {
      prompt: [
        { role: "system", content: "Be brief" },
        user("old question"),
        assistant("old answer"),
        user("new question"),
      ],
      tools: [
        { type: "function", name: "calc", description: "Calculator", inputSchema: { type: "object" } },
        { type: "provider-defined", id: "x.y", name: "web", args: {} },
      ],
    };
    const { result } = await generate(mw, params, [{ type: "text", text: "The answer" }]);
    expect(result.content).toEqual([{ type: "text", text: "The answer" }]);
    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt")).toEqual([
      expect.objectContaining({
        content: "new question",
        content_type: "prompt",
        action: "process_prompt",
        mode: "enforce",
      }),
    ]);
    expect(ofKind(bodies, "prompt")[0]).not.toHaveProperty("session_id");
    expect(ofKind(bodies, "response")).toEqual([
      expect.objectContaining({ content: "The answer", content_type: "response" }),
    ]);
    expect(ofKind(bodies, "tool_definition").map((b) => b.tool?.name)).toEqual(["calc"]);
  });

  it("with a session id (providerOptions.highflame.sessionId) the second turn sends only the new message", async () => {
    await using h = await harness();
    const mw = highflameMiddleware(h.client);
    const providerOptions = { highflame: { sessionId: "chat-7" } };
    await generate(mw, { prompt: [user("one")], providerOptions }, [{ type: "text", text: "a" }]);
    await generate(mw, { prompt: [user("one"), assistant("a"), user("two")], providerOptions }, [
      { type: "text", text: "b" },
    ]);
    expect(ofKind(h.bodies(), "prompt").map((b) => [b.content, b.session_id])).toEqual([
      ["one", "chat-7"],
      ["two", "chat-7"],
    ]);
  });

  it("enforce: a denied prompt throws before the model runs; step_up output throws SuspendedError", async () => {
    await using h = await harness();
    const mw = highflameMiddleware(h.client, { sessionId: "s" });
    const blocked = generate(mw, { prompt: [user("DENY")] }, [{ type: "text", text: "never" }]);
    await expect(blocked).rejects.toBeInstanceOf(BlockedError);
    expect(ofKind(h.bodies(), "response")).toHaveLength(0);
    await expect(
      generate(mw, { prompt: [user("hi")] }, [{ type: "text", text: "STEPUP" }]),
    ).rejects.toBeInstanceOf(SuspendedError);
  });

  it("guards tool-call parts of the output with name and arguments", async () => {
    await using h = await harness();
    const mw = highflameMiddleware(h.client);
    await expect(
      generate(mw, { prompt: [user("hi")] }, [
        { type: "tool-call", toolCallId: "c", toolName: "rm", input: '{"path":"DENY"}' },
      ]),
    ).rejects.toBeInstanceOf(BlockedError);
    expect(ofKind(h.bodies(), "tool_call")).toEqual([
      expect.objectContaining({ tool: { name: "rm", arguments: { path: "DENY" } } }),
    ]);
  });

  it("monitor never throws; modify substitutes the redacted prompt and output", async () => {
    await using h = await harness();
    const monitor = highflameMiddleware(h.client, { mode: "monitor" });
    const { result } = await generate(monitor, { prompt: [user("DENY")] }, [{ type: "text", text: "DENY" }]);
    expect(result.content).toEqual([{ type: "text", text: "DENY" }]);

    const mw = highflameMiddleware(h.client);
    const { result: redacted, seen } = await generate(mw, { prompt: [user("my PII")] }, [
      { type: "text", text: "your " },
      { type: "text", text: "PII" },
      { type: "tool-call", toolCallId: "c", toolName: "mail", input: '{"to":"PII"}' },
    ]);
    expect((seen[0]!.prompt as Array<{ content: unknown }>)[0]!.content).toEqual([
      { type: "text", text: "my [REDACTED]" },
    ]);
    expect(redacted.content).toEqual([
      { type: "text", text: "your [REDACTED]" },
      { type: "tool-call", toolCallId: "c", toolName: "mail", input: '{"to":"[REDACTED]"}' },
    ]);
  });

  it("wrapStream passes parts through and replaces finish with an error part when the output is blocked", async () => {
    await using h = await harness();
    const mw = highflameMiddleware(h.client);
    const parts = (words: string[]) => [
      { type: "stream-start", warnings: [] },
      ...words.map((delta) => ({ type: "text-delta", id: "1", delta })),
      { type: "finish", finishReason: "stop", usage: {} },
    ];
    const ok = await mw.wrapStream({
      params: { prompt: [] },
      doStream: async () => ({ stream: partsStream(parts(["fine ", "text"])) }),
    });
    expect((await collect(ok.stream)).at(-1)).toMatchObject({ type: "finish" });
    expect(ofKind(h.bodies(), "response").map((b) => b.content)).toEqual(["fine text"]);

    const bad = await mw.wrapStream({
      params: { prompt: [] },
      doStream: async () => ({ stream: partsStream(parts(["DE", "NY"])) }),
    });
    const out = await collect(bad.stream);
    expect(out.some((p) => (p as { type: string }).type === "finish")).toBe(false);
    expect((out.at(-1) as { type: string; error: unknown }).error).toBeInstanceOf(BlockedError);
  });
});
