import { BlockedError } from "@highflame/shield";
import { generateText, type LanguageModelMiddleware, streamText, tool, wrapLanguageModel } from "ai6";
import { MockLanguageModelV3, simulateReadableStream } from "ai6/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { highflameMiddleware } from "../src/ai-sdk/index.js";
import { harness, ofKind } from "./helpers.js";

// Finding: the ai 7 middleware object also works at run time under ai 6 (installed here as the npm alias `ai6`;
// ai 6 accepts Node 20): ai 6 never reads `specificationVersion`, and the parts the middleware reads and writes
// (text, tool-call, text-delta, finish, error) have the same shape in V3 and V4. Its *types* do not fit ai 6's
// `LanguageModelV3Middleware` (`specificationVersion: "v3"`, hooks over `LanguageModelV3`), so `ai` 6 is not a
// declared peer; this cast is what an ai 6 user would have to write.
const asV3 = (middleware: unknown) => middleware as LanguageModelMiddleware;

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 2, text: 2, reasoning: 0 },
};

describe("ai 6 at run time (npm alias ai6; not a declared peer: its types differ)", () => {
  it("generateText: guards the prompt and output; a blocked tool call never runs", async () => {
    await using h = await harness();
    const execute = vi.fn(async () => "ran");
    const tools = { shell: tool({ inputSchema: z.object({ command: z.string() }), execute }) };
    const mock = new MockLanguageModelV3({
      doGenerate: {
        content: [
          { type: "text", text: "ok" },
          { type: "tool-call", toolCallId: "c1", toolName: "shell", input: '{"command":"DENY"}' },
        ],
        finishReason: { unified: "tool-calls", raw: undefined },
        usage,
        warnings: [],
      },
    });
    const model = wrapLanguageModel({ model: mock, middleware: asV3(highflameMiddleware(h.client)) });
    await expect(generateText({ model, tools, prompt: "hello" })).rejects.toBeInstanceOf(BlockedError);
    expect(execute).not.toHaveBeenCalled();
    expect(ofKind(h.bodies(), "prompt").map((b) => b.content)).toEqual(["hello"]);
    expect(ofKind(h.bodies(), "tool_call").map((b) => b.tool)).toEqual([
      { name: "shell", arguments: { command: "DENY" } },
    ]);
  });

  it("streamText: a blocked tool call never runs and the stream carries the BlockedError", async () => {
    await using h = await harness();
    const execute = vi.fn(async () => "ran");
    const tools = { shell: tool({ inputSchema: z.object({ command: z.string() }), execute }) };
    const mock = new MockLanguageModelV3({
      doStream: {
        stream: simulateReadableStream({
          chunks: [
            { type: "stream-start", warnings: [] },
            { type: "tool-call", toolCallId: "c1", toolName: "shell", input: '{"command":"DENY"}' },
            { type: "finish", finishReason: { unified: "tool-calls", raw: undefined }, usage },
          ],
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      },
    });
    const model = wrapLanguageModel({ model: mock, middleware: asV3(highflameMiddleware(h.client)) });
    const result = streamText({ model, tools, prompt: "go", onError: () => {} });
    const parts: Array<{ type: string; error?: unknown }> = [];
    for await (const part of result.fullStream) parts.push(part);
    expect(parts.find((p) => p.type === "error")?.error).toBeInstanceOf(BlockedError);
    expect(execute).not.toHaveBeenCalled();
  });
});
