import { BlockedError } from "@highflame/shield";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { FakeListChatModel, FakeLLM } from "@langchain/core/utils/testing";
import { tool } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { HighflameCallbackHandler } from "../src/langchain/index.js";
import { harness, ofKind } from "./helpers.js";

const prompt = ChatPromptTemplate.fromMessages([
  ["system", "You are terse."],
  ["human", "{question}"],
]);

function searchTool() {
  const run = vi.fn(async ({ query }: { query: string }) => `found ${query}`);
  return { run, search: tool(run, { name: "search", schema: z.object({ query: z.string() }) }) };
}

describe("HighflameCallbackHandler (@langchain/core callbacks, no createAgent)", () => {
  it("guards a chain's prompt before the model and its output after, with metadata.thread_id as session", async () => {
    await using h = await harness();
    const chain = prompt.pipe(new FakeListChatModel({ responses: ["Paris"] }));
    const reply = await chain.invoke(
      { question: "capital of France?" },
      { callbacks: [new HighflameCallbackHandler(h.client)], metadata: { thread_id: "conv-3" } },
    );
    expect(reply.content).toBe("Paris");
    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt").map((b) => [b.content, b.session_id])).toEqual([
      ["capital of France?", "conv-3"],
    ]);
    expect(ofKind(bodies, "response").map((b) => [b.content, b.session_id])).toEqual([["Paris", "conv-3"]]);
  });

  it("a denied prompt rejects the chain with BlockedError and the model output is never checked", async () => {
    await using h = await harness();
    const chain = prompt.pipe(new FakeListChatModel({ responses: ["never"] }));
    const run = chain.invoke(
      { question: "DENY this" },
      { callbacks: [new HighflameCallbackHandler(h.client)] },
    );
    await expect(run).rejects.toBeInstanceOf(BlockedError);
    expect(ofKind(h.bodies(), "response")).toHaveLength(0);
  });

  it("a denied output rejects the chain with BlockedError", async () => {
    await using h = await harness();
    const chain = prompt.pipe(new FakeListChatModel({ responses: ["DENY output"] }));
    const run = chain.invoke({ question: "hi" }, { callbacks: [new HighflameCallbackHandler(h.client)] });
    await expect(run).rejects.toBeInstanceOf(BlockedError);
  });

  it("a text LLM (not a chat model): the prompt string is guarded at handleLLMStart, the completion at handleLLMEnd", async () => {
    await using h = await harness();
    const llm = new FakeLLM({ response: "a completion" });
    const handler = new HighflameCallbackHandler(h.client, { sessionId: "llm-1" });
    expect(await llm.invoke("complete this", { callbacks: [handler] })).toBe("a completion");
    await expect(llm.invoke("DENY this", { callbacks: [handler] })).rejects.toBeInstanceOf(BlockedError);
    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt").map((b) => [b.content, b.session_id])).toEqual([
      ["complete this", "llm-1"],
      ["DENY this", "llm-1"],
    ]);
    expect(ofKind(bodies, "response").map((b) => b.content)).toEqual(["a completion"]);
  });

  it("a blocked tool input never runs the tool; an allowed one runs and its output is checked", async () => {
    await using h = await harness();
    const handler = new HighflameCallbackHandler(h.client, { sessionId: "s-1" });
    const { search, run } = searchTool();
    await expect(search.invoke({ query: "DENY" }, { callbacks: [handler] })).rejects.toBeInstanceOf(
      BlockedError,
    );
    expect(run).not.toHaveBeenCalled();
    expect(await search.invoke({ query: "docs" }, { callbacks: [handler] })).toBe("found docs");
    expect(run).toHaveBeenCalledTimes(1);
    const bodies = h.bodies();
    expect(ofKind(bodies, "tool_call").map((b) => [b.tool?.name, b.tool?.arguments, b.session_id])).toEqual([
      ["search", { query: "DENY" }, "s-1"],
      ["search", { query: "docs" }, "s-1"],
    ]);
    expect(ofKind(bodies, "tool_result").map((b) => [b.content, b.tool?.name])).toEqual([
      ["found docs", "search"],
    ]);
  });

  it("a modify decision cannot be applied by a callback: it is logged, and the run continues", async () => {
    await using h = await harness();
    const chain = prompt.pipe(new FakeListChatModel({ responses: ["ok"] }));
    await chain.invoke({ question: "my PII" }, { callbacks: [new HighflameCallbackHandler(h.client)] });
    expect(h.logger.at("warn").map((e) => e.message)).toEqual([
      expect.stringContaining("cannot rewrite content; use highflameMiddleware"),
    ]);
  });
});
