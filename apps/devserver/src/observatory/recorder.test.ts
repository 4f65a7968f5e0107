import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES } from "../shield/default-policies.js";
import { loadPolicies } from "../shield/policy-engine.js";
import { PolicyCatalog } from "./policy-catalog.js";
import { buildEvent } from "./recorder.js";

const catalog = new PolicyCatalog(loadPolicies(DEFAULT_POLICIES));
const options = { content: "redacted" as const, contentMaxChars: 512, labelKey: "label" };

describe("buildEvent", () => {
  it("takes the delegation chain from the token: depth and act.sub", () => {
    const event = buildEvent(
      {
        endpoint: "guard",
        request: { content: "hi", content_type: "prompt", action: "process_prompt" },
        claims: {
          sub: "spiffe://dev/agent/worker",
          identity_type: "agent",
          name: "worker",
          delegation_depth: 2,
          act: { sub: "spiffe://dev/agent/orchestrator" },
        },
        accountId: "acc",
        projectId: "proj",
        requestId: "r1",
        response: { decision: "allow", actual_decision: "allow", latency_ms: 1 },
      },
      catalog,
      options,
    );
    expect(event.identity).toEqual({
      sub: "spiffe://dev/agent/worker",
      identity_type: "agent",
      agent_name: "worker",
      delegation_depth: 2,
      delegated_by: "spiffe://dev/agent/orchestrator",
    });
    expect(event).toMatchObject({ outcome: "allowed", would_block: false, mode: "enforce" });
  });

  it("bounds metadata (keys, depth, string length) and masks secrets in it", () => {
    const email = "someone@example.com";
    const metadata: Record<string, unknown> = {
      note: `mail ${email}`,
      long: "x".repeat(5000),
      deep: { a: { b: { c: { d: 1 } } } },
    };
    for (let i = 0; i < 50; i++) metadata[`k${i}`] = i;
    const event = buildEvent(
      {
        endpoint: "guard",
        request: { content: "hi", content_type: "prompt", action: "process_prompt", metadata },
        claims: { sub: "s" },
        accountId: "a",
        projectId: "p",
        requestId: "r",
        response: { decision: "allow" },
      },
      catalog,
      options,
    );
    expect(JSON.stringify(event.metadata)).not.toContain(email);
    expect((event.metadata!.long as string).length).toBeLessThanOrEqual(257);
    expect(event.metadata!.deep).toEqual({ a: { b: { c: "[…]" } } });
    expect(Object.keys(event.metadata!)).toHaveLength(21);
  });
});
