import { StreamError } from "@highflame/core";
import type { SSEFrame } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import type { GuardStreamEvent } from "../src/index.js";
import { harness } from "./helpers.js";

const request = { content: "hello", content_type: "prompt", action: "process_prompt" } as const;

async function collect(events: AsyncIterable<GuardStreamEvent>) {
  const out: GuardStreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const detector = (name: string) => ({ name, tier: "fast", score: 0.1, detected: false });

describe("guard.stream", () => {
  it.each([
    ["docs vocabulary (detector_result, close)", "detector_result", false],
    ["rust vocabulary (detection, done)", "detection", true],
  ])("normalises the %s", async (_label, detectorEvent, withDone) => {
    await using h = await harness({ defaultMode: "monitor" });
    const frames: Array<SSEFrame | string> = [
      ": keep-alive comment\n\n",
      { event: detectorEvent, data: detector("pii"), id: "1" },
      { event: detectorEvent, data: detector("injection") },
      { event: "progress", data: { tier: "fast" } },
      { event: "decision", data: { decision: "deny", reason: "blocked by p1", request_id: "r1" } },
      ...(withDone
        ? [
            { event: "done", data: "" },
            { event: "decision", data: { decision: "allow" } },
          ]
        : []),
    ];
    h.server.route("POST", "/v1/guard/stream", { sse: { events: frames, chunkSize: 7 } });
    const stream = await h.client.guard.stream(request);
    const events = await collect(stream);
    expect(events.map((e) => e.type)).toEqual(["detector_result", "detector_result", "raw", "decision"]);
    expect(events[0]!.data).toMatchObject({ name: "pii" });
    expect(events[2]).toMatchObject({ type: "raw", event: "progress", data: { tier: "fast" } });
    expect(events[3]!.data).toMatchObject({ decision: "deny", policy_reason: "blocked by p1" });
    const [call] = h.server.requestsTo("POST", "/v1/guard/stream");
    expect(call!.headers.accept).toBe("text/event-stream");
    expect(call!.json).toMatchObject({ ...request, mode: "monitor" });
  });

  it("finalDecision() drains the stream and returns the decision", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard/stream", {
      sse: {
        events: [
          { event: "detection", data: detector("pii") },
          { event: "decision", data: { decision: "allow" } },
        ],
      },
    });
    await expect((await h.client.guard.stream(request)).finalDecision()).resolves.toMatchObject({
      decision: "allow",
    });
    h.server.route("POST", "/v1/guard/stream", {
      sse: { events: [{ event: "detection", data: detector("pii") }] },
    });
    await expect((await h.client.guard.stream(request)).finalDecision()).rejects.toBeInstanceOf(StreamError);
  });

  it("yields an error event, then throws StreamError with its message", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard/stream", {
      sse: {
        events: [
          { event: "detector_result", data: detector("pii") },
          { event: "error", data: { status: 500, title: "detector_failed", detail: "slow tier crashed" } },
          { event: "decision", data: { decision: "allow" } },
        ],
      },
    });
    const seen: GuardStreamEvent[] = [];
    const error = await (async () => {
      for await (const event of await h.client.guard.stream(request)) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen.map((e) => e.type)).toEqual(["detector_result", "error"]);
    expect(seen[1]!.data).toMatchObject({ title: "detector_failed" });
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toContain("slow tier crashed");
  });

  it("throws StreamError when the stream is cut off mid-event", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard/stream", {
      sse: {
        events: [
          { event: "detector_result", data: detector("pii") },
          { event: "decision", data: { decision: "allow" } },
        ],
        endMidEvent: true,
      },
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of await h.client.guard.stream(request)) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["detector_result"]);
    expect(error).toBeInstanceOf(StreamError);
  });

  it("rejects non-JSON data on a known event", async () => {
    await using h = await harness();
    h.server.route("POST", "/v1/guard/stream", {
      sse: { events: [{ event: "decision", data: "not json" }] },
    });
    await expect(collect(await h.client.guard.stream(request))).rejects.toBeInstanceOf(StreamError);
  });

  it("uses the /v1/shield prefix when configured", async () => {
    await using h = await harness({ pathPrefix: "/shield" });
    h.server.route("POST", "/v1/shield/guard/stream", {
      sse: { events: [{ event: "decision", data: { decision: "allow" } }] },
    });
    expect(await collect(await h.client.guard.stream(request))).toHaveLength(1);
  });
});
