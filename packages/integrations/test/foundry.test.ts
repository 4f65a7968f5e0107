import { BlockedError } from "@highflame/shield";
import { describe, expect, it } from "vitest";
import {
  type FoundryAgentsClient,
  type FoundryMessage,
  type FoundryRun,
  HighflameFoundryMiddleware,
} from "../src/foundry/index.js";
import { harness, ofKind } from "./helpers.js";

/**
 * An in-memory agents client following the Azure run lifecycle: queued → in_progress → requires_action (the
 * scripted tool calls) → (after tool outputs) in_progress → completed, with the reply posted as a message.
 */
function fakeAgents(script: { toolCalls?: Array<{ name: string; arguments: string }>; reply: string }) {
  const thread: FoundryMessage[] = [];
  const log = { submitted: [] as unknown[], cancelled: 0, polls: 0 };
  let run: FoundryRun;
  let phase = 0;
  const client: FoundryAgentsClient = {
    messages: {
      create: async (_threadId, role, content) => {
        thread.push({
          id: `msg_${thread.length}`,
          role,
          content: [{ type: "text", text: { value: content, annotations: [] } }],
        });
        return thread.at(-1);
      },
      list: (_threadId, _options) =>
        (async function* () {
          yield* [...thread].reverse();
        })(),
    },
    runs: {
      create: async () => {
        run = { id: "run_1", status: "queued" };
        return run;
      },
      get: async () => {
        log.polls++;
        phase++;
        if (phase === 1) run = { ...run, status: "in_progress" };
        else if (phase === 2 && script.toolCalls?.length) {
          run = {
            ...run,
            status: "requires_action",
            requiredAction: {
              type: "submit_tool_outputs",
              submitToolOutputs: {
                toolCalls: script.toolCalls.map((c, i) => ({
                  id: `call_${i}`,
                  type: "function",
                  function: c,
                })),
              },
            },
          };
        } else {
          run = { id: run.id, status: "completed" };
          if (!thread.some((m) => m.runId === run.id)) {
            thread.push({
              id: "msg_reply",
              role: "assistant",
              runId: run.id,
              content: [{ type: "text", text: { value: script.reply, annotations: [] } }],
            });
          }
        }
        return run;
      },
      submitToolOutputs: async (_t, _r, outputs) => {
        log.submitted.push(outputs);
        run = { id: run.id, status: "in_progress" };
        return run;
      },
      cancel: async () => {
        log.cancelled++;
        run = { ...run, status: "cancelled" };
        return run;
      },
    },
  };
  return { client, thread, log };
}

describe("HighflameFoundryMiddleware", () => {
  it("guards prompt, tool calls at requires_action, tool outputs and the final message", async () => {
    await using h = await harness();
    const agents = fakeAgents({
      toolCalls: [{ name: "get_weather", arguments: '{"city":"Paris"}' }],
      reply: "Sunny in Paris",
    });
    const mw = new HighflameFoundryMiddleware(h.client);
    const calls: unknown[] = [];
    const result = await mw.createAndPollRun({
      client: { agents: agents.client },
      threadId: "thread_1",
      agentId: "asst_1",
      prompt: "Weather in Paris?",
      pollIntervalMs: 1,
      toolExecutor: (call) => {
        calls.push(call.arguments);
        return { forecast: "sunny" };
      },
    });
    expect(result.run.status).toBe("completed");
    expect(result.text).toBe("Sunny in Paris");
    expect(calls).toEqual([{ city: "Paris" }]);
    expect(agents.log.submitted).toEqual([[{ toolCallId: "call_0", output: '{"forecast":"sunny"}' }]]);

    const bodies = h.bodies();
    expect(bodies.map((b) => b.metadata?.check)).toEqual(["prompt", "tool_call", "tool_result", "response"]);
    expect(bodies.every((b) => b.session_id === "thread_1")).toBe(true);
    expect(ofKind(bodies, "tool_call")[0]).toMatchObject({
      tool: { name: "get_weather", arguments: { city: "Paris" } },
      content_type: "tool_call",
      action: "call_tool",
    });
    expect(ofKind(bodies, "tool_result")[0]).toMatchObject({
      content: '{"forecast":"sunny"}',
      content_type: "response",
      action: "call_tool",
    });
    expect(ofKind(bodies, "response")[0]).toMatchObject({
      content: "Sunny in Paris",
      content_type: "response",
      action: "process_prompt",
    });
  });

  it("enforce: a denied prompt is never posted and no run starts", async () => {
    await using h = await harness();
    const agents = fakeAgents({ reply: "x" });
    const mw = new HighflameFoundryMiddleware(h.client, { sessionId: "user-42" });
    await expect(
      mw.createAndPollRun({
        client: agents.client,
        threadId: "t",
        agentId: "a",
        prompt: "DENY this",
        pollIntervalMs: 1,
      }),
    ).rejects.toBeInstanceOf(BlockedError);
    expect(agents.thread).toHaveLength(0);
    expect(h.bodies()[0]).toMatchObject({ session_id: "user-42" });
  });

  it("enforce: a denied tool call cancels the run and the executor never runs", async () => {
    await using h = await harness();
    const agents = fakeAgents({
      toolCalls: [{ name: "transfer", arguments: '{"note":"DENY"}' }],
      reply: "x",
    });
    const mw = new HighflameFoundryMiddleware(h.client);
    let ran = false;
    await expect(
      mw.createAndPollRun({
        client: agents.client,
        threadId: "t",
        agentId: "a",
        pollIntervalMs: 1,
        toolExecutor: () => {
          ran = true;
          return "ok";
        },
      }),
    ).rejects.toBeInstanceOf(BlockedError);
    expect(ran).toBe(false);
    expect(agents.log.cancelled).toBe(1);
    expect(agents.log.submitted).toHaveLength(0);
  });

  it("monitor: never throws; modify redacts what is posted, submitted and returned", async () => {
    await using h = await harness();
    const monitored = fakeAgents({ toolCalls: [{ name: "t", arguments: '{"a":"DENY"}' }], reply: "DENY" });
    const res = await new HighflameFoundryMiddleware(h.client, { mode: "monitor" }).createAndPollRun({
      client: monitored.client,
      threadId: "t",
      agentId: "a",
      prompt: "DENY",
      pollIntervalMs: 1,
      toolExecutor: () => "DENY",
    });
    expect(res.text).toBe("DENY");
    expect(h.bodies().every((b) => b.mode === "monitor")).toBe(true);

    const redacting = fakeAgents({
      toolCalls: [{ name: "t", arguments: '{"a":"PII"}' }],
      reply: "reply PII",
    });
    const seen: unknown[] = [];
    const out = await new HighflameFoundryMiddleware(h.client).createAndPollRun({
      client: redacting.client,
      threadId: "t2",
      agentId: "a",
      prompt: "prompt PII",
      pollIntervalMs: 1,
      toolExecutor: (call) => {
        seen.push(call.arguments);
        return "output PII";
      },
    });
    expect(redacting.thread[0]!.content).toEqual([
      { type: "text", text: { value: "prompt [REDACTED]", annotations: [] } },
    ]);
    expect(seen).toEqual([{ a: "[REDACTED]" }]);
    expect(redacting.log.submitted).toEqual([[{ toolCallId: "call_0", output: "output [REDACTED]" }]]);
    expect(out.text).toBe("reply [REDACTED]");
    expect(out.message?.content).toEqual([
      { type: "text", text: { value: "reply [REDACTED]", annotations: [] } },
    ]);
  });

  it("scans the agent's tool definitions once across runs", async () => {
    await using h = await harness();
    const mw = new HighflameFoundryMiddleware(h.client);
    const tools = [
      {
        type: "function",
        function: { name: "get_weather", description: "Weather by city", parameters: { type: "object" } },
      },
    ];
    for (const threadId of ["a", "b"]) {
      await mw.createAndPollRun({
        client: fakeAgents({ reply: "hi" }).client,
        threadId,
        agentId: "x",
        tools,
        pollIntervalMs: 1,
      });
    }
    expect(ofKind(h.bodies(), "tool_definition")).toEqual([
      expect.objectContaining({ tool: { name: "get_weather", description: "Weather by city" } }),
    ]);
  });
});
