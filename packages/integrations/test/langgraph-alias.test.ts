import { BlockedError } from "@highflame/shield";
import { createAgent, FakeToolCallingModel } from "langchain";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as langchainEntry from "../src/langchain/index.js";
import { HighflameMiddleware, highflameMiddleware } from "../src/langgraph/index.js";
import { harness, ofKind } from "./helpers.js";

// Registered before any HighflameMiddleware is built in this file, so the one-time warning is always seen.
const warnings: string[] = [];
const onWarning = (warning: Error & { code?: string }) => {
  if (warning.code === "HIGHFLAME_LANGGRAPH_ALIAS") warnings.push(warning.message);
};
process.on("warning", onWarning);
afterAll(() => {
  process.off("warning", onWarning);
});

describe("@highflame/integrations/langgraph (deprecated alias)", () => {
  it("re-exports the langchain adapter", () => {
    expect(highflameMiddleware).toBe(langchainEntry.highflameMiddleware);
  });

  it("new HighflameMiddleware(client) works in createAgent; the session falls back to the thread_id", async () => {
    await using h = await harness();
    const agent = createAgent({
      model: new FakeToolCallingModel({}),
      tools: [],
      middleware: [new HighflameMiddleware(h.client, { sessionIdKey: "session_id" })],
    });
    await expect(
      agent.invoke({ messages: [{ role: "user", content: "DENY" }] }, { configurable: { thread_id: "tid" } }),
    ).rejects.toBeInstanceOf(BlockedError);
    expect(ofKind(h.bodies(), "prompt").map((b) => b.session_id)).toEqual(["tid"]);
  });

  it("a fixed sessionId given to the alias wins over the thread_id", async () => {
    await using h = await harness();
    const agent = createAgent({
      model: new FakeToolCallingModel({}),
      tools: [],
      middleware: [new HighflameMiddleware(h.client, { sessionId: "fixed-1" })],
    });
    await agent.invoke(
      { messages: [{ role: "user", content: "hello" }] },
      { configurable: { thread_id: "tid" } },
    );
    expect(ofKind(h.bodies(), "prompt").map((b) => b.session_id)).toEqual(["fixed-1"]);
  });

  it("emits exactly one DeprecationWarning however many are built", async () => {
    await using h = await harness();
    for (let i = 0; i < 3; i++) new HighflameMiddleware(h.client);
    await vi.waitFor(() => expect(warnings.length).toBeGreaterThan(0));
    await new Promise((resolve) => setImmediate(resolve)); // let any further warning be delivered
    expect(warnings).toEqual([
      expect.stringContaining("use highflameMiddleware from @highflame/integrations/langchain"),
    ]);
  });
});
