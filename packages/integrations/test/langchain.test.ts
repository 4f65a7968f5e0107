import { BlockedError, SuspendedError } from "@highflame/shield";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { MemorySaver } from "@langchain/langgraph";
import { createAgent, FakeToolCallingModel, MiddlewareError, tool } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { blockedErrorOf, highflameMiddleware } from "../src/langchain/index.js";
import { harness, ofKind } from "./helpers.js";

/** A search tool whose runs are recorded. */
function searchTool(answer = "result") {
  const run = vi.fn(async ({ query }: { query: string }) => `${answer} for ${query}`);
  return {
    run,
    search: tool(run, {
      name: "search",
      description: "Searches the web",
      schema: z.object({ query: z.string() }),
    }),
  };
}

/** A model that calls `search` once with `args`, then answers. */
function callsSearch(args: Record<string, unknown>) {
  return new FakeToolCallingModel({ toolCalls: [[{ name: "search", args, id: "call-1" }], []] });
}

describe("highflameMiddleware (langchain createAgent)", () => {
  it("guards the prompt, tool definitions, each tool call and output, and the reply, with thread_id as session", async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "weather" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client)],
    });
    const result = await agent.invoke(
      { messages: [{ role: "user", content: "what's the weather?" }] },
      { configurable: { thread_id: "thread-9" } },
    );
    expect(run).toHaveBeenCalledTimes(1);
    expect(result.messages.at(-1)).toBeInstanceOf(AIMessage);
    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt").map((b) => [b.content, b.session_id])).toEqual([
      ["what's the weather?", "thread-9"],
    ]);
    const definitions = ofKind(bodies, "tool_definition");
    expect(definitions.map((b) => b.tool)).toEqual([{ name: "search", description: "Searches the web" }]);
    expect(definitions[0]!.content).toContain('"query"');
    expect(ofKind(bodies, "tool_call")).toEqual([
      expect.objectContaining({
        content_type: "tool_call",
        action: "call_tool",
        session_id: "thread-9",
        tool: { name: "search", arguments: { query: "weather" } },
      }),
    ]);
    expect(ofKind(bodies, "tool_result").map((b) => [b.content, b.tool?.name])).toEqual([
      ["result for weather", "search"],
    ]);
    // One response check per model reply (the tool-calling turn and the final answer).
    expect(ofKind(bodies, "response")).toHaveLength(2);
    expect(bodies.every((b) => b.metadata?.integration === "langchain")).toBe(true);
  });

  it("a denied prompt rejects invoke with BlockedError before the model or any tool runs", async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "x" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client)],
    });
    const error = await agent.invoke({ messages: [{ role: "user", content: "DENY me" }] }).catch((e) => e);
    expect(error).toBeInstanceOf(BlockedError);
    expect(run).not.toHaveBeenCalled();
    expect(ofKind(h.bodies(), "response")).toHaveLength(0);
  });

  it("a blocked tool call never runs: invoke rejects (MiddlewareError wrapping the BlockedError)", async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "DENY secrets" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client)],
    });
    const error = await agent.invoke({ messages: [{ role: "user", content: "look it up" }] }).catch((e) => e);
    expect(error).toBeInstanceOf(MiddlewareError);
    expect(blockedErrorOf(error)).toBeInstanceOf(BlockedError);
    expect(blockedErrorOf(error)?.decision).toBe("deny");
    expect(run).not.toHaveBeenCalled();
    expect(ofKind(h.bodies(), "tool_result")).toHaveLength(0);
  });

  it("agent.stream: a blocked tool call ends the stream with the error and the tool never runs", async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "DENY secrets" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client)],
    });
    const chunks: unknown[] = [];
    const consume = async () => {
      const stream = await agent.stream(
        { messages: [{ role: "user", content: "look it up" }] },
        { streamMode: "updates" },
      );
      for await (const chunk of stream) chunks.push(chunk);
    };
    const error = await consume().catch((e) => e);
    expect(blockedErrorOf(error)).toBeInstanceOf(BlockedError);
    expect(run).not.toHaveBeenCalled();
    expect(chunks.length).toBeGreaterThan(0); // the model's turn was streamed before the tool step failed
  });

  it('toolBlock: "message" answers a blocked call with an error ToolMessage and the agent continues', async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "DENY secrets" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client, { toolBlock: "message" })],
    });
    const result = await agent.invoke({ messages: [{ role: "user", content: "look it up" }] });
    expect(run).not.toHaveBeenCalled();
    const toolMessage = result.messages.find((m) => ToolMessage.isInstance(m)) as ToolMessage;
    expect(toolMessage.status).toBe("error");
    expect(toolMessage.content).toContain('Tool call "search" was blocked by Highflame Shield');
    expect(result.messages.at(-1)).toBeInstanceOf(AIMessage);
  });

  it("a step_up tool call is a SuspendedError behind the MiddlewareError", async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "STEPUP wire transfer" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client)],
    });
    const error = await agent.invoke({ messages: [{ role: "user", content: "pay" }] }).catch((e) => e);
    expect(blockedErrorOf(error)).toBeInstanceOf(SuspendedError);
    expect(run).not.toHaveBeenCalled();
  });

  it("a denied reply rejects invoke with BlockedError (afterModel)", async () => {
    await using h = await harness();
    const model = fakeModel().respond(new AIMessage("here is how to DENY"));
    const agent = createAgent({ model, tools: [], middleware: [highflameMiddleware(h.client)] });
    await expect(agent.invoke({ messages: [{ role: "user", content: "hello" }] })).rejects.toBeInstanceOf(
      BlockedError,
    );
    expect(ofKind(h.bodies(), "response").map((b) => b.content)).toEqual(["here is how to DENY"]);
  });

  it("modify replaces the prompt (the model sees the redaction), the tool arguments and output, and the reply", async () => {
    await using h = await harness();
    const { search, run } = searchTool("PII listing");
    const agent = createAgent({
      model: callsSearch({ query: "PII lookup" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client)],
    });
    const result = await agent.invoke({ messages: [{ role: "user", content: "my PII is 4111" }] });
    expect(run).toHaveBeenCalledWith({ query: "[REDACTED] lookup" }, expect.anything());
    const [prompt] = result.messages;
    expect(prompt).toBeInstanceOf(HumanMessage);
    expect(prompt!.content).toBe("my [REDACTED] is 4111");
    const toolMessage = result.messages.find((m) => ToolMessage.isInstance(m));
    expect(toolMessage?.content).toBe("[REDACTED] listing for [REDACTED] lookup");
    // FakeToolCallingModel echoes what it was sent: no "PII" reached the model or the final state.
    expect(JSON.stringify(result.messages.map((m) => m.content))).not.toContain("PII");
  });

  it("with a checkpointer, the next turn of the same thread sends only the new message", async () => {
    await using h = await harness();
    const agent = createAgent({
      model: new FakeToolCallingModel({}),
      tools: [],
      checkpointer: new MemorySaver(),
      middleware: [highflameMiddleware(h.client)],
    });
    const config = { configurable: { thread_id: "t-2" } };
    await agent.invoke({ messages: [{ role: "user", content: "first" }] }, config);
    await agent.invoke({ messages: [{ role: "user", content: "second" }] }, config);
    expect(ofKind(h.bodies(), "prompt").map((b) => [b.content, b.session_id])).toEqual([
      ["first", "t-2"],
      ["second", "t-2"],
    ]);
  });

  it("monitor mode never blocks; a fixed sessionId wins over thread_id", async () => {
    await using h = await harness();
    const { search, run } = searchTool();
    const agent = createAgent({
      model: callsSearch({ query: "DENY" }),
      tools: [search],
      middleware: [highflameMiddleware(h.client, { mode: "monitor", sessionId: "fixed" })],
    });
    await agent.invoke(
      { messages: [{ role: "user", content: "DENY" }] },
      { configurable: { thread_id: "t" } },
    );
    expect(run).toHaveBeenCalledTimes(1);
    const bodies = h.bodies();
    expect(new Set(bodies.map((b) => b.mode))).toEqual(new Set(["monitor"]));
    const perSession = bodies.filter((b) => b.metadata?.check !== "tool_definition");
    expect(new Set(perSession.map((b) => b.session_id))).toEqual(new Set(["fixed"]));
    expect(ofKind(bodies, "tool_call").map((b) => b.tool?.arguments)).toEqual([{ query: "DENY" }]);
  });

  it("rejects an unknown toolBlock", async () => {
    await using h = await harness();
    expect(() => highflameMiddleware(h.client, { toolBlock: "ignore" as "throw" })).toThrow(
      expect.objectContaining({ name: "ConfigurationError", option: "toolBlock" }),
    );
  });
});
