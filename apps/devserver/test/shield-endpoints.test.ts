import { GuardResponseSchema } from "@highflame/shield";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, type Json, prompt, startHarness, tokenForTenant } from "./support/helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.server.close());

const PREFIXES = ["/v1", "/v1/shield"];

describe.each(PREFIXES)("Shield endpoints under %s", (prefix) => {
  it("POST guard answers a full GuardResponse", async () => {
    const res = await h.post(`${prefix}/guard`, prompt("What is the capital of France?"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = GuardResponseSchema.parse(await res.json());
    expect(body.decision).toBe("allow");
    expect(body.request_id).toBe(res.headers.get("x-request-id"));
    expect(Number.isNaN(Date.parse(body.timestamp!))).toBe(false);
    expect(typeof body.latency_ms).toBe("number");
    expect(body.signals).toEqual([]);
    expect(body.determining_policies).toEqual([]);
    expect(body.policy_reason).toBe("No policy matched");
  });

  it("POST guard/stream answers SSE", async () => {
    const res = await h.post(`${prefix}/guard/stream`, prompt("hello"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(await res.text()).toContain("event: decision");
  });

  it("POST detect returns detector results without a decision", async () => {
    const res = await h.post(`${prefix}/detect`, {
      content: "mail me at a.b@example.com",
      content_type: "prompt",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.decision).toBeUndefined();
    const pii = body.detectors.find((d: { name: string }) => d.name === "pii");
    expect(pii).toMatchObject({
      detected: true,
      tier: "fast",
      spans: [{ start: 11, end: 26, label: "EMAIL" }],
    });
    expect(body.signals[0]).toMatchObject({ detector: "pii", severity: "medium" });
  });

  it("GET detectors lists every detector with tier and status", async () => {
    const res = await h.get(`${prefix}/detectors`);
    expect(res.status).toBe(200);
    const { detectors } = (await res.json()) as {
      detectors: { name: string; tier: string; status: string }[];
    };
    expect(detectors.map((d) => d.name).sort()).toEqual(
      [
        "command_injection",
        "jailbreak",
        "path_traversal",
        "pii",
        "prompt_injection",
        "secrets",
        "session_cumulative_risk",
        "session_tool_loop",
        "session_turn_count",
        "sql_injection",
      ].sort(),
    );
    expect(new Set(detectors.map((d) => d.tier))).toEqual(new Set(["fast", "standard", "slow"]));
    expect(detectors.every((d) => d.status === "enabled")).toBe(true);
  });

  it("GET health answers without a token", async () => {
    const res = await fetch(`${h.server.url}${prefix}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "healthy", service: "shield" });
  });

  it("GET debug/policies lists the default policies for guardrails only", async () => {
    const res = await h.get(`${prefix}/debug/policies?product=guardrails`);
    const body = (await res.json()) as {
      product: string;
      policies: { id: string; mode: string; decision: string }[];
    };
    expect(body.product).toBe("guardrails");
    expect(body.policies.map((p) => p.id)).toContain("deny-prompt-injection");
    expect(body.policies.find((p) => p.id === "step-up-transfer-funds")).toMatchObject({
      decision: "step_up",
      mode: "enforce",
    });
    expect(body.policies.find((p) => p.id === "monitor-session-risk")).toMatchObject({ mode: "monitor" });
    const other = (await (await h.get(`${prefix}/debug/policies?product=other`)).json()) as {
      policies: unknown[];
    };
    expect(other.policies).toEqual([]);
    const dflt = (await (await h.get(`${prefix}/debug/policies`)).json()) as { product: string };
    expect(dflt.product).toBe("guardrails");
  });
});

describe("authentication", () => {
  it.each(["/v1/guard", "/v1/shield/guard", "/v1/guard/stream", "/v1/detect"])(
    "401 problem without a token on %s",
    async (path) => {
      const res = await fetch(h.server.url + path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(prompt("hi")),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ status: 401, title: "unauthorized" });
    },
  );

  it.each(["/v1/detectors", "/v1/debug/policies"])("401 without a token on GET %s", async (path) => {
    const res = await fetch(h.server.url + path);
    expect(res.status).toBe(401);
  });

  it("401 with a bad or tampered token", async () => {
    for (const token of ["not-a-jwt", `${h.token.slice(0, -4)}AAAA`, "a.b.c"]) {
      const res = await h.post("/v1/guard", prompt("hi"), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { title: string; detail: string };
      expect(body.title).toBe("invalid_token");
      expect(body.detail).not.toContain(token);
    }
  });

  it("keeps session state per tenant: the token's tenant, with matching tenant headers accepted", async () => {
    const other = await tokenForTenant(h.server.url, "acct-b", "proj-b");
    const body = prompt("hi", { session_id: "tenant-sess", debug: true });
    const tenantHeaders = { "x-account-id": h.server.accountId, "x-project-id": h.server.projectId };
    const a = await h.guard(body, tenantHeaders);
    const b = await h.guard(body, { authorization: `Bearer ${other}` });
    const a2 = await h.guard(body);
    expect(a.session_delta.turn_count).toBe(1);
    expect(b.session_delta.turn_count).toBe(1);
    expect(a2.session_delta.turn_count).toBe(2);
  });
});

describe("bad input", () => {
  it("400 problem naming a missing field", async () => {
    const res = await h.post("/v1/guard", { content_type: "prompt", action: "process_prompt" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as {
      status: number;
      title: string;
      detail: string;
      errors: { location: string }[];
    };
    expect(body).toMatchObject({ status: 400, title: "invalid_request" });
    expect(body.detail).toMatch(/^content:/);
    expect(body.errors[0]!.location).toBe("body.content");
  });

  it.each([
    [{ content: "" }, "content"],
    [{ content_type: "video" }, "content_type"],
    [{ action: "delete_everything" }, "action"],
    [{ mode: "block" }, "mode"],
    [{ tool: { arguments: {} } }, "tool.name"],
    [{ explain: "yes" }, "explain"],
    [{ detectors: [1] }, "detectors[0]"],
  ])("400 names the invalid field %#", async (patch, field) => {
    const res = await h.post("/v1/guard", { ...prompt("x"), ...patch });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string; errors: { location: string }[] };
    expect(body.detail.startsWith(`${field}:`)).toBe(true);
    expect(body.errors.map((e) => e.location)).toContain(`body.${field}`);
  });

  it("400 for malformed JSON, a non-object body and a wrong content type", async () => {
    const bad = await h.post("/v1/guard", "{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/not valid JSON/);
    expect((await h.post("/v1/guard", "[1,2]")).status).toBe(400);
    const text = await h.post("/v1/guard", "hello", { "content-type": "text/plain" });
    expect(text.status).toBe(400);
  });

  it("422 for an unknown detector name", async () => {
    const res = await h.post("/v1/guard", prompt("x", { detectors: ["pii", "telepathy"] }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { title: string; detail: string; errors: { location: string }[] };
    expect(body.title).toBe("unknown_detector");
    expect(body.errors[0]!.location).toBe("body.detectors[1]");
  });

  it("405 with Allow for a wrong method", async () => {
    const res = await h.get("/v1/guard");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("413 problem for an oversized body", async () => {
    const res = await h.post("/v1/guard", prompt("a".repeat(1024 * 1024 + 10)));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 413, title: "payload_too_large" });
  });
});
