import { BlockedError } from "@highflame/shield";
import { describe, expect, it } from "vitest";
import {
  type CrewHooksRegistry,
  type CrewLlmCallContext,
  type CrewMessage,
  type CrewToolCallContext,
  HighflameCrewHooks,
} from "../src/crewai/index.js";
import { harness, ofKind } from "./helpers.js";

/** A CrewAI-style hooks registry plus an executor that runs the hooks around LLM and tool calls. */
function fakeCrew() {
  const hooks = {
    beforeLlm: [] as Function[],
    afterLlm: [] as Function[],
    beforeTool: [] as Function[],
    afterTool: [] as Function[],
  };
  const registry: CrewHooksRegistry = {
    registerBeforeLlmCallHook: (h) => hooks.beforeLlm.push(h),
    registerAfterLlmCallHook: (h) => hooks.afterLlm.push(h),
    registerBeforeToolCallHook: (h) => hooks.beforeTool.push(h),
    registerAfterToolCallHook: (h) => hooks.afterTool.push(h),
  };
  const log = { llmSaw: [] as string[], toolSaw: [] as unknown[] };
  async function llmCall(context: CrewLlmCallContext, output: string): Promise<string> {
    for (const h of hooks.beforeLlm) if ((await h(context)) === false) return "blocked";
    log.llmSaw.push(context.messages.map((m) => String(m.content)).join("|"));
    let response: string = output;
    for (const h of hooks.afterLlm) {
      const replaced = await h({ ...context, response });
      if (typeof replaced === "string") response = replaced;
    }
    return response;
  }
  async function toolCall(context: CrewToolCallContext, run: (input: unknown) => string): Promise<string> {
    for (const h of hooks.beforeTool) if ((await h(context)) === false) return "blocked";
    log.toolSaw.push(structuredClone(context.tool_input ?? context.toolInput));
    let result = run(context.tool_input ?? context.toolInput);
    for (const h of hooks.afterTool) {
      const replaced = await h({ ...context, tool_result: result });
      if (typeof replaced === "string") result = replaced;
    }
    return result;
  }
  return { registry, hooks, log, llmCall, toolCall };
}

describe("HighflameCrewHooks (CrewAI)", () => {
  it("registers four hooks and guards LLM calls and tool calls (snake_case contexts)", async () => {
    await using h = await harness();
    const crew = fakeCrew();
    expect(new HighflameCrewHooks(h.client, { sessionId: "crew-1" }).register(crew.registry)).toBeInstanceOf(
      HighflameCrewHooks,
    );
    expect(Object.values(crew.hooks).map((l) => l.length)).toEqual([1, 1, 1, 1]);

    const messages: CrewMessage[] = [
      { role: "system", content: "You are helpful" },
      { role: "user", content: "Find flights" },
    ];
    await crew.llmCall(
      { messages, tools: [{ name: "flights", description: "Search flights" }] },
      "Calling flights",
    );
    await crew.toolCall({ tool_name: "flights", tool_input: { from: "SFO" } }, () => "3 flights");

    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt")).toEqual([
      expect.objectContaining({ content: "Find flights", session_id: "crew-1", content_type: "prompt" }),
    ]);
    expect(ofKind(bodies, "response")).toEqual([
      expect.objectContaining({
        content: "Calling flights",
        content_type: "response",
        action: "process_prompt",
      }),
    ]);
    expect(ofKind(bodies, "tool_definition")).toEqual([
      expect.objectContaining({ tool: { name: "flights", description: "Search flights" } }),
    ]);
    expect(ofKind(bodies, "tool_call")).toEqual([
      expect.objectContaining({
        tool: { name: "flights", arguments: { from: "SFO" } },
        content_type: "tool_call",
        action: "call_tool",
      }),
    ]);
    expect(ofKind(bodies, "tool_result")).toEqual([
      expect.objectContaining({ content: "3 flights", tool: { name: "flights" } }),
    ]);
  });

  it("only new messages per session turn; tool definitions once", async () => {
    await using h = await harness();
    const crew = fakeCrew();
    new HighflameCrewHooks(h.client, {
      sessionId: (ctx) => (ctx as CrewLlmCallContext).crew_id as string,
    }).register(crew.registry);
    const tools = [{ name: "t", description: "d" }];
    const messages: CrewMessage[] = [{ role: "user", content: "first" }];
    await crew.llmCall({ messages, tools, crew_id: "c9" }, "ok");
    messages.push({ role: "assistant", content: "ok" }, { role: "user", content: "second" });
    await crew.llmCall({ messages, tools, crew_id: "c9" }, "ok again");
    expect(ofKind(h.bodies(), "prompt").map((b) => [b.content, b.session_id])).toEqual([
      ["first", "c9"],
      ["second", "c9"],
    ]);
    expect(ofKind(h.bodies(), "tool_definition")).toHaveLength(1);
  });

  it("enforce: a denied tool call throws BlockedError and the tool does not run", async () => {
    await using h = await harness();
    const crew = fakeCrew();
    new HighflameCrewHooks(h.client).register(crew.registry);
    await expect(
      crew.toolCall({ toolName: "shell", toolInput: { cmd: "DENY rm -rf" } }, () => "ran"),
    ).rejects.toBeInstanceOf(BlockedError);
    expect(crew.log.toolSaw).toHaveLength(0);
  });

  it("alert: never throws, logs the alert", async () => {
    await using h = await harness();
    const crew = fakeCrew();
    new HighflameCrewHooks(h.client, { mode: "alert" }).register(crew.registry);
    expect(await crew.llmCall({ messages: [{ role: "user", content: "DENY" }] }, "fine")).toBe("fine");
    expect(h.bodies().every((b) => b.mode === "alert")).toBe(true);
    expect(h.logger.at("warn").length).toBeGreaterThan(0);
  });

  it("modify: rewrites messages and tool input in place, replaces outputs", async () => {
    await using h = await harness();
    const crew = fakeCrew();
    new HighflameCrewHooks(h.client).register(crew.registry);
    const messages: CrewMessage[] = [{ role: "user", content: [{ type: "text", text: "card PII" }] }];
    const reply = await crew.llmCall({ messages }, "your PII");
    expect(messages[0]!.content).toEqual([{ type: "text", text: "card [REDACTED]" }]);
    expect(reply).toBe("your [REDACTED]");
    const input = { to: "PII" };
    const result = await crew.toolCall({ toolName: "mail", toolInput: input }, () => "sent to PII");
    expect(input).toEqual({ to: "[REDACTED]" });
    expect(crew.log.toolSaw).toEqual([{ to: "[REDACTED]" }]);
    expect(result).toBe("sent to [REDACTED]");
  });
});
