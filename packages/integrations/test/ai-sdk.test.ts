import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { ConfigurationError, RequestValidationError } from "@highflame/core";
import { BlockedError, SuspendedError } from "@highflame/shield";
import { generateText, stepCountIs, streamText, tool, wrapLanguageModel } from "ai";
import { MockLanguageModelV4, simulateReadableStream } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { highflameMiddleware } from "../src/ai-sdk/index.js";
import { harness, ofKind } from "./helpers.js";

const NODE_MAJOR = Number(process.versions.node.split(".")[0]);

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 2, text: 2, reasoning: 0 },
};
const stop = { unified: "stop" as const, raw: "stop" };
const toolCalls = { unified: "tool-calls" as const, raw: "tool_calls" };

/** A generate result with text and/or tool calls, in the V4 shape. */
function generated(text: string, calls: Array<{ id: string; name: string; input: object }> = []) {
  return {
    content: [
      ...(text ? [{ type: "text" as const, text }] : []),
      ...calls.map((c) => ({
        type: "tool-call" as const,
        toolCallId: c.id,
        toolName: c.name,
        input: JSON.stringify(c.input),
      })),
    ],
    finishReason: calls.length > 0 ? toolCalls : stop,
    usage,
    warnings: [],
  };
}

/** A V4 stream of text deltas, then tool calls, then `finish`, through `simulateReadableStream`. */
function streamed(words: string[], calls: Array<{ id: string; name: string; input: object }> = []) {
  const chunks: LanguageModelV4StreamPart[] = [
    { type: "stream-start", warnings: [] },
    ...(words.length > 0 ? [{ type: "text-start" as const, id: "t1" }] : []),
    ...words.map((delta) => ({ type: "text-delta" as const, id: "t1", delta })),
    ...(words.length > 0 ? [{ type: "text-end" as const, id: "t1" }] : []),
    ...calls.map((c) => ({
      type: "tool-call" as const,
      toolCallId: c.id,
      toolName: c.name,
      input: JSON.stringify(c.input),
    })),
    { type: "finish", finishReason: calls.length > 0 ? toolCalls : stop, usage },
  ];
  return { stream: simulateReadableStream({ chunks, initialDelayInMs: null, chunkDelayInMs: null }) };
}

/** A tool whose executions are recorded. */
function shellTool(output = "done") {
  const execute = vi.fn(async ({ command }: { command: string }) => `${output}: ${command}`);
  return {
    execute,
    tools: {
      shell: tool({
        description: "Runs a shell command",
        inputSchema: z.object({ command: z.string() }),
        execute,
      }),
    },
  };
}

async function drain(stream: AsyncIterable<unknown>): Promise<Array<{ type: string; [k: string]: unknown }>> {
  const parts: Array<{ type: string; [k: string]: unknown }> = [];
  for await (const part of stream) parts.push(part as { type: string });
  return parts;
}

describe.skipIf(NODE_MAJOR < 22)("ai 7 (Node >= 22; skipped on Node 20: ai 7 requires Node 22)", () => {
  describe("generateText", () => {
    it("guards the new user prompt, the tool definitions and the output on the real AI SDK", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({ doGenerate: generated("The answer is 4") });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      const { tools } = shellTool();
      const result = await generateText({
        model,
        tools,
        messages: [
          { role: "user", content: "old question" },
          { role: "assistant", content: "old answer" },
          { role: "user", content: "what is 2+2?" },
        ],
      });
      expect(result.text).toBe("The answer is 4");
      const bodies = h.bodies();
      expect(ofKind(bodies, "prompt").map((b) => [b.content, b.content_type, b.action])).toEqual([
        ["what is 2+2?", "prompt", "process_prompt"],
      ]);
      expect(ofKind(bodies, "tool_definition")).toEqual([
        expect.objectContaining({ tool: { name: "shell", description: "Runs a shell command" } }),
      ]);
      expect(ofKind(bodies, "tool_definition")[0]!.content).toContain('"command"');
      expect(ofKind(bodies, "response").map((b) => b.content)).toEqual(["The answer is 4"]);
      expect(bodies.every((b) => b.metadata?.integration === "ai-sdk")).toBe(true);
    });

    it("a denied prompt throws BlockedError before the model is called", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({ doGenerate: generated("never") });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      await expect(generateText({ model, prompt: "DENY this" })).rejects.toBeInstanceOf(BlockedError);
      expect(mock.doGenerateCalls).toHaveLength(0);
      expect(ofKind(h.bodies(), "response")).toHaveLength(0);
    });

    it("a blocked tool call never runs: generateText rejects and execute is not called", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({
        doGenerate: generated("", [{ id: "c1", name: "shell", input: { command: "rm -rf / DENY" } }]),
      });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      const { tools, execute } = shellTool();
      const error = await generateText({ model, tools, prompt: "clean up" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlockedError);
      expect((error as BlockedError).decision).toBe("deny");
      expect(execute).not.toHaveBeenCalled();
      expect(ofKind(h.bodies(), "tool_call")).toEqual([
        expect.objectContaining({
          content_type: "tool_call",
          action: "call_tool",
          tool: { name: "shell", arguments: { command: "rm -rf / DENY" } },
        }),
      ]);
    });

    it("an allowed tool runs; its output is guarded and redacted before the next model step sees it", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({
        doGenerate: [
          generated("", [{ id: "c1", name: "shell", input: { command: "cat notes" } }]),
          generated("summary"),
        ],
      });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      const { tools, execute } = shellTool("PII found");
      const result = await generateText({ model, tools, prompt: "read notes", stopWhen: stepCountIs(2) });
      expect(execute).toHaveBeenCalledTimes(1);
      expect(result.text).toBe("summary");
      expect(ofKind(h.bodies(), "tool_result")).toEqual([
        expect.objectContaining({ content: "PII found: cat notes", tool: { name: "shell" } }),
      ]);
      const secondPrompt = mock.doGenerateCalls[1]!.prompt;
      const toolMessage = secondPrompt.find((m) => m.role === "tool");
      expect(toolMessage?.content[0]).toMatchObject({
        type: "tool-result",
        output: { type: "text", value: "[REDACTED] found: cat notes" },
      });
      // The prompt was guarded once (step 2 adds no new user message).
      expect(ofKind(h.bodies(), "prompt").map((b) => b.content)).toEqual(["read notes"]);
    });

    it("modify substitutes the redacted prompt (what the model receives), output and tool arguments", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({
        doGenerate: generated("your PII", [{ id: "c1", name: "shell", input: { command: "mail PII" } }]),
      });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      const { tools, execute } = shellTool();
      const result = await generateText({ model, tools, prompt: "my PII is 123" });
      expect(mock.doGenerateCalls[0]!.prompt.at(-1)).toMatchObject({
        role: "user",
        content: [{ type: "text", text: "my [REDACTED] is 123" }],
      });
      expect(result.text).toBe("your [REDACTED]");
      expect(execute).toHaveBeenCalledWith({ command: "mail [REDACTED]" }, expect.anything());
    });

    it("step_up on the output throws SuspendedError; monitor mode never throws and reports the decisions", async () => {
      await using h = await harness();
      const suspended = wrapLanguageModel({
        model: new MockLanguageModelV4({ doGenerate: generated("STEPUP needed") }),
        middleware: highflameMiddleware(h.client),
      });
      await expect(generateText({ model: suspended, prompt: "hi" })).rejects.toBeInstanceOf(SuspendedError);

      const decisions: Array<[string, string | undefined]> = [];
      const monitored = wrapLanguageModel({
        model: new MockLanguageModelV4({ doGenerate: generated("DENY text") }),
        middleware: highflameMiddleware(h.client, {
          mode: "monitor",
          onDecision: (response, info) => decisions.push([info.kind, response.actual_decision]),
        }),
      });
      const result = await generateText({ model: monitored, prompt: "DENY prompt" });
      expect(result.text).toBe("DENY text");
      expect(ofKind(h.bodies(), "prompt").at(-1)?.mode).toBe("monitor");
      expect(decisions).toEqual([
        ["prompt", "deny"],
        ["response", "deny"],
      ]);
    });

    it("the session id comes from providerOptions.highflame.sessionId; the next turn sends only the new message", async () => {
      await using h = await harness();
      const mw = highflameMiddleware(h.client);
      const model = wrapLanguageModel({
        model: new MockLanguageModelV4({ doGenerate: [generated("a"), generated("b")] }),
        middleware: mw,
      });
      const providerOptions = { highflame: { sessionId: "chat-7" } };
      await generateText({ model, prompt: "one", providerOptions });
      await generateText({
        model,
        providerOptions,
        messages: [
          { role: "user", content: "one" },
          { role: "assistant", content: "a" },
          { role: "user", content: "two" },
        ],
      });
      expect(ofKind(h.bodies(), "prompt").map((b) => [b.content, b.session_id])).toEqual([
        ["one", "chat-7"],
        ["two", "chat-7"],
      ]);
    });
    it("guardToolCalls: false and guardToolResults: false leave tools unguarded; a sessionId function wins", async () => {
      await using h = await harness();
      const promptLengths: number[] = [];
      const mock = new MockLanguageModelV4({
        doGenerate: [
          generated("", [{ id: "c1", name: "shell", input: { command: "DENY but allowed" } }]),
          generated("done"),
        ],
      });
      const model = wrapLanguageModel({
        model: mock,
        middleware: highflameMiddleware(h.client, {
          guardToolCalls: false,
          guardToolResults: false,
          sessionId: (params) => {
            promptLengths.push(params.prompt.length);
            return "conv-x";
          },
        }),
      });
      const { tools, execute } = shellTool();
      const result = await generateText({ model, tools, prompt: "go", stopWhen: stepCountIs(2) });
      expect(result.text).toBe("done");
      expect(execute).toHaveBeenCalledTimes(1);
      const bodies = h.bodies();
      expect(ofKind(bodies, "tool_call")).toHaveLength(0);
      expect(ofKind(bodies, "tool_result")).toHaveLength(0);
      // Step 2 carries the same user message: with the session it is not sent again.
      expect(ofKind(bodies, "prompt").map((b) => [b.content, b.session_id])).toEqual([["go", "conv-x"]]);
      expect(promptLengths[0]).toBe(1);
      expect(promptLengths.at(-1)).toBe(3);
    });
  });

  describe("streamText", () => {
    it("passes text through and guards it at finish", async () => {
      await using h = await harness();
      const model = wrapLanguageModel({
        model: new MockLanguageModelV4({ doStream: streamed(["fine ", "text"]) }),
        middleware: highflameMiddleware(h.client),
      });
      const result = streamText({ model, prompt: "hi" });
      const parts = await drain(result.stream);
      expect(await result.text).toBe("fine text");
      expect(parts.some((p) => p.type === "error")).toBe(false);
      expect(ofKind(h.bodies(), "response").map((b) => b.content)).toEqual(["fine text"]);
    });

    it("a blocked tool call never runs: an error part carries the BlockedError and execute is not called", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({
        doStream: streamed([], [{ id: "c1", name: "shell", input: { command: "DENY everything" } }]),
      });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      const { tools, execute } = shellTool();
      const reported: unknown[] = [];
      const result = streamText({ model, tools, prompt: "go", onError: ({ error }) => reported.push(error) });
      const parts = await drain(result.stream);
      const error = parts.find((p) => p.type === "error")?.error;
      expect(error).toBeInstanceOf(BlockedError);
      expect(reported).toEqual([error]);
      expect(await result.finishReason).toBe("error");
      expect(parts.some((p) => p.type === "tool-result")).toBe(false);
      expect(execute).not.toHaveBeenCalled();
      expect(ofKind(h.bodies(), "tool_call").map((b) => b.tool?.name)).toEqual(["shell"]);
    });

    it("an allowed tool call runs after finish as usual", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({
        doStream: streamed([], [{ id: "c1", name: "shell", input: { command: "ls" } }]),
      });
      const model = wrapLanguageModel({ model: mock, middleware: highflameMiddleware(h.client) });
      const { tools, execute } = shellTool();
      const result = streamText({ model, tools, prompt: "go" });
      const parts = await drain(result.stream);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(parts.find((p) => p.type === "tool-result")).toMatchObject({ output: "done: ls" });
    });

    it("passthrough: a blocked output ends with an error part (text already streamed stays shown)", async () => {
      await using h = await harness();
      const model = wrapLanguageModel({
        model: new MockLanguageModelV4({ doStream: streamed(["DE", "NY"]) }),
        middleware: highflameMiddleware(h.client),
      });
      const result = streamText({ model, prompt: "hi", onError: () => {} });
      const parts = await drain(result.stream);
      const deltas = parts.filter((p) => p.type === "text-delta").map((p) => p.text);
      expect(deltas).toEqual(["DE", "NY"]);
      expect(parts.find((p) => p.type === "error")?.error).toBeInstanceOf(BlockedError);
      expect(ofKind(h.bodies(), "response").map((b) => b.content)).toEqual(["DENY"]);
    });

    it("buffer: nothing is shown before the check; modify applies and a block shows no text", async () => {
      await using h = await harness();
      const redacting = wrapLanguageModel({
        model: new MockLanguageModelV4({ doStream: streamed(["your ", "PII"]) }),
        middleware: highflameMiddleware(h.client, { streamOutput: "buffer" }),
      });
      const ok = streamText({ model: redacting, prompt: "hi" });
      await drain(ok.stream);
      expect(await ok.text).toBe("your [REDACTED]");

      const blocking = wrapLanguageModel({
        model: new MockLanguageModelV4({ doStream: streamed(["DE", "NY"]) }),
        middleware: highflameMiddleware(h.client, { streamOutput: "buffer" }),
      });
      const blocked = streamText({ model: blocking, prompt: "hi", onError: () => {} });
      const parts = await drain(blocked.stream);
      expect(parts.filter((p) => p.type === "text-delta")).toEqual([]);
      expect(parts.find((p) => p.type === "error")?.error).toBeInstanceOf(BlockedError);
    });

    it("streamed text beyond maxOutputChars stops the stream with a RequestValidationError; no tool runs", async () => {
      await using h = await harness();
      const mock = new MockLanguageModelV4({
        doStream: streamed(
          ["0123456789", "0123456789"],
          [{ id: "c1", name: "shell", input: { command: "ls" } }],
        ),
      });
      const model = wrapLanguageModel({
        model: mock,
        middleware: highflameMiddleware(h.client, { maxOutputChars: 15 }),
      });
      const { tools, execute } = shellTool();
      const result = streamText({ model, tools, prompt: "go", onError: () => {} });
      const parts = await drain(result.stream);
      const error = parts.find((p) => p.type === "error")?.error;
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).message).toContain("maxOutputChars (15)");
      expect(parts.filter((p) => p.type === "text-delta").map((p) => p.text)).toEqual(["0123456789"]);
      expect(execute).not.toHaveBeenCalled();
      expect(ofKind(h.bodies(), "response")).toHaveLength(0);
    });

    it("rejects bad options with a ConfigurationError naming the option", async () => {
      await using h = await harness();
      const cases: Array<[Parameters<typeof highflameMiddleware>[1], string]> = [
        [{ streamOutput: "later" as unknown as "buffer" }, "streamOutput"],
        [{ maxOutputChars: 0 }, "maxOutputChars"],
        [{ maxOutputChars: Number.NaN }, "maxOutputChars"],
      ];
      for (const [options, option] of cases) {
        expect(() => highflameMiddleware(h.client, options)).toThrow(
          expect.objectContaining({ name: "ConfigurationError", option }),
        );
      }
      expect(() => highflameMiddleware(h.client, { maxOutputChars: 0 })).toThrow(ConfigurationError);
    });
  });
});
