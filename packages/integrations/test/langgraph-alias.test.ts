import { BlockedError } from "@highflame/shield";
import { createAgent, FakeToolCallingModel } from "langchain";
import { describe, expect, it, vi } from "vitest";
import * as langchainEntry from "../src/langchain/index.js";
import { HighflameMiddleware, highflameMiddleware } from "../src/langgraph/index.js";
import { harness, ofKind } from "./helpers.js";

describe("@highflame/integrations/langgraph (deprecated alias)", () => {
  it("re-exports the langchain adapter", () => {
    expect(highflameMiddleware).toBe(langchainEntry.highflameMiddleware);
  });

  it("new HighflameMiddleware(client, { sessionIdKey }) works in createAgent and warns once", async () => {
    await using h = await harness();
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === "HIGHFLAME_LANGGRAPH_ALIAS") warnings.push(warning.message);
    };
    process.on("warning", onWarning);
    try {
      const make = () =>
        createAgent({
          model: new FakeToolCallingModel({}),
          tools: [],
          stateSchema: undefined,
          middleware: [new HighflameMiddleware(h.client, { sessionIdKey: "context.session" })],
        });
      make();
      const agent = make();
      await expect(
        agent.invoke(
          { messages: [{ role: "user", content: "DENY" }] },
          { configurable: { thread_id: "tid" } },
        ),
      ).rejects.toBeInstanceOf(BlockedError);
      await vi.waitFor(() => expect(warnings).toHaveLength(1));
      expect(warnings[0]).toContain("use highflameMiddleware from @highflame/integrations/langchain");
      // No state key here, so the session falls back to the runtime's thread_id.
      expect(ofKind(h.bodies(), "prompt").map((b) => b.session_id)).toEqual(["tid"]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
