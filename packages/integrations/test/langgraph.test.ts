import { BlockedError, SuspendedError } from "@highflame/shield";
import { describe, expect, it } from "vitest";
import {
  HighflameMiddleware,
  type HighflameMiddlewareOptions,
  type LangGraphRuntime,
  type LangGraphState,
} from "../src/langgraph/index.js";
import { harness, ofKind } from "./helpers.js";

/** Minimal LangChain-like message classes (type via `_getType()`, like `BaseMessage`). */
class FakeMessage {
  constructor(
    readonly kind: string,
    public content: unknown,
    public id?: string,
    public tool_calls?: Array<{ id: string; name: string; args: Record<string, unknown> }>,
  ) {}
  _getType() {
    return this.kind;
  }
}
const human = (content: unknown, id?: string) => new FakeMessage("human", content, id);

const TOOLS = [
  {
    name: "search",
    description: "Search the web",
    schema: { type: "object", properties: { q: { type: "string" } } },
  },
  { name: "email", description: "Send an email", schema: { type: "object" } },
];

/**
 * A minimal agent loop driving the middleware hooks like `createAgent` does: beforeModel → wrapModelCall(model)
 * → afterModel → wrapToolCall(tool) per tool call, repeat until the model answers without tool calls. State
 * updates replace messages by id (the `messages` reducer).
 */
function fakeAgent(
  mw: HighflameMiddleware,
  script: Array<FakeMessage>,
  tool: (args: Record<string, unknown>) => string = (args) => `result for ${JSON.stringify(args)}`,
) {
  const log = { modelCalls: 0, toolCalls: [] as Array<Record<string, unknown>>, seenByModel: [] as string[] };
  let step = 0;
  const apply = (state: LangGraphState, update: { messages: unknown[] } | undefined) => {
    if (!update) return;
    const messages = [...(state.messages ?? [])];
    for (const m of update.messages as FakeMessage[]) {
      const i = messages.findIndex((x) => (x as FakeMessage).id === m.id);
      if (i >= 0) messages[i] = m;
      else messages.push(m);
    }
    state.messages = messages;
  };
  async function invoke(state: LangGraphState, runtime: LangGraphRuntime = {}) {
    for (;;) {
      apply(state, await mw.beforeModel(state, runtime));
      const reply = await mw.wrapModelCall({ tools: TOOLS, state, runtime }, async (req) => {
        log.modelCalls++;
        log.seenByModel.push(String((req.state?.messages?.at(-1) as FakeMessage | undefined)?.content));
        return script[step++]!;
      });
      state.messages = [...(state.messages ?? []), reply];
      apply(state, await mw.afterModel(state, runtime));
      const last = state.messages.at(-1) as FakeMessage;
      if (!last.tool_calls?.length) return state;
      for (const call of last.tool_calls) {
        const result = await mw.wrapToolCall({ toolCall: call, state, runtime }, async (req) => {
          log.toolCalls.push(req.toolCall.args as Record<string, unknown>);
          return {
            type: "tool",
            content: tool(req.toolCall.args as Record<string, unknown>),
            tool_call_id: call.id,
          };
        });
        state.messages = [...state.messages, result];
      }
    }
  }
  return { invoke, log };
}

const ai = (content: string, calls?: FakeMessage["tool_calls"]) =>
  new FakeMessage("ai", content, undefined, calls);

async function setup(options: HighflameMiddlewareOptions = {}) {
  const h = await harness();
  const mw = new HighflameMiddleware(h.client, options);
  return { h, mw };
}

describe("HighflameMiddleware (LangGraph)", () => {
  it("guards prompt, tool definitions, tool call, tool output and response with the session id from state", async () => {
    const { h, mw } = await setup();
    await using _ = h;
    const agent = fakeAgent(mw, [
      ai("", [{ id: "c1", name: "search", args: { q: "weather" } }]),
      ai("It is sunny"),
    ]);
    const state: LangGraphState = { messages: [human("What is the weather?", "m1")], session_id: "sess-1" };
    await agent.invoke(state);

    const bodies = h.bodies();
    expect(ofKind(bodies, "prompt")).toEqual([
      expect.objectContaining({
        content: "What is the weather?",
        content_type: "prompt",
        action: "process_prompt",
        session_id: "sess-1",
        mode: "enforce",
      }),
    ]);
    expect(ofKind(bodies, "tool_definition").map((b) => b.tool?.name)).toEqual(["search", "email"]);
    expect(ofKind(bodies, "tool_definition")[0]).not.toHaveProperty("session_id");
    expect(ofKind(bodies, "tool_call")).toEqual([
      expect.objectContaining({
        content_type: "tool_call",
        action: "call_tool",
        tool: { name: "search", arguments: { q: "weather" } },
        session_id: "sess-1",
      }),
    ]);
    expect(ofKind(bodies, "tool_result")).toEqual([
      expect.objectContaining({
        content: 'result for {"q":"weather"}',
        content_type: "response",
        action: "call_tool",
        tool: { name: "search" },
      }),
    ]);
    expect(ofKind(bodies, "response").map((b) => b.content)).toEqual(["It is sunny"]); // the empty tool-call turn is skipped
  });

  it("second turn sends only the new user message; tool definitions are not rescanned", async () => {
    const { h, mw } = await setup();
    await using _ = h;
    const agent = fakeAgent(mw, [ai("Hi!"), ai("Bye!")]);
    const state: LangGraphState = { messages: [human("hello", "m1")], session_id: "sess-2" };
    await agent.invoke(state);
    state.messages = [...(state.messages ?? []), human("goodbye", "m2")];
    await agent.invoke(state);
    expect(ofKind(h.bodies(), "prompt").map((b) => b.content)).toEqual(["hello", "goodbye"]);
    expect(ofKind(h.bodies(), "tool_definition")).toHaveLength(2);
  });

  it("resolves the session id: state key → getConfig thread_id → runtime thread_id → none", async () => {
    const { h, mw } = await setup({
      sessionIdKey: "ctx.sid",
      getConfig: () => ({ configurable: { thread_id: "thread-als" } }),
    });
    await using _ = h;
    expect(mw.sessionIdFor({ ctx: { sid: "from-state" } }, undefined)).toBe("from-state");
    expect(mw.sessionIdFor({}, { configurable: { thread_id: "rt" } })).toBe("thread-als");
    const plain = new HighflameMiddleware(h.client);
    expect(plain.sessionIdFor({}, { configurable: { thread_id: "rt" } })).toBe("rt");
    expect(plain.sessionIdFor({}, {})).toBeUndefined();
    await plain.beforeModel({ messages: [human("no session")] });
    expect(h.bodies()[0]).not.toHaveProperty("session_id");
  });

  it("enforce: a denied prompt throws BlockedError before the model runs, and stays blocked next turn", async () => {
    const { h, mw } = await setup();
    await using _ = h;
    const agent = fakeAgent(mw, [ai("never")]);
    const state: LangGraphState = { messages: [human("DENY this", "m1")], session_id: "s" };
    await expect(agent.invoke(state)).rejects.toBeInstanceOf(BlockedError);
    expect(agent.log.modelCalls).toBe(0);
    state.messages = [...(state.messages ?? []), human("innocent", "m2")];
    await expect(agent.invoke(state)).rejects.toBeInstanceOf(BlockedError);
    expect(ofKind(h.bodies(), "prompt").map((b) => b.content)).toEqual(["DENY this", "DENY this"]);
  });

  it("enforce: a step_up tool call throws SuspendedError and the tool never runs", async () => {
    const { h, mw } = await setup();
    await using _ = h;
    const agent = fakeAgent(mw, [ai("", [{ id: "c1", name: "email", args: { body: "STEPUP wire money" } }])]);
    await expect(agent.invoke({ messages: [human("hi", "m1")] })).rejects.toBeInstanceOf(SuspendedError);
    expect(agent.log.toolCalls).toHaveLength(0);
  });

  it("monitor: nothing throws and the mode is sent", async () => {
    const { h, mw } = await setup({ mode: "monitor" });
    await using _ = h;
    const agent = fakeAgent(mw, [
      ai("", [{ id: "c1", name: "email", args: { body: "DENY" } }]),
      ai("DENY output"),
    ]);
    await agent.invoke({ messages: [human("DENY prompt", "m1")] });
    expect(agent.log.toolCalls).toHaveLength(1);
    expect(new Set(h.bodies().map((b) => b.mode))).toEqual(new Set(["monitor"]));
  });

  it("modify: redacts the prompt (same id), the tool arguments, the tool output and the reply", async () => {
    const { h, mw } = await setup();
    await using _ = h;
    const agent = fakeAgent(
      mw,
      [ai("", [{ id: "c1", name: "search", args: { q: "PII lookup" } }]), ai("Here is PII")],
      () => "found PII",
    );
    const state = await agent.invoke({ messages: [human("my PII is 123", "m1")], session_id: "s" });
    const messages = state.messages as FakeMessage[];
    expect(messages[0]).toBeInstanceOf(FakeMessage);
    expect(messages[0]).toMatchObject({ id: "m1", content: "my [REDACTED] is 123" });
    expect(agent.log.seenByModel[0]).toBe("my [REDACTED] is 123");
    expect(agent.log.toolCalls).toEqual([{ q: "[REDACTED] lookup" }]);
    expect((messages[2] as unknown as { content: string }).content).toBe("found [REDACTED]");
    expect(messages.at(-1)!.content).toBe("Here is [REDACTED]");
    // The redacted prompt counts as seen: no rescan on the next turn.
    await mw.beforeModel(state);
    expect(ofKind(h.bodies(), "prompt")).toHaveLength(1);
  });
});
