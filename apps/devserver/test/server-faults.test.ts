import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDevServer } from "../src/index.js";
import { type Harness, prompt, startHarness } from "./support/helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.server.faults.clear());
afterAll(() => h?.server.close());

describe("programmatic faults", () => {
  it("errorRate 1 answers errorStatus as problem+json with Retry-After", async () => {
    h.server.faults.set({ errorRate: 1, errorStatus: 429, retryAfterSeconds: 2 });
    const res = await h.post("/v1/guard", prompt("hi"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toMatchObject({ status: 429, title: "rate_limit_exceeded" });
    h.server.faults.set({ errorRate: 1 });
    const dflt = await h.post("/v1/guard", prompt("hi"));
    expect(dflt.status).toBe(503);
    expect(dflt.headers.get("x-request-id")).toBeTruthy();
  });

  it("times limits the faults to the next N requests", async () => {
    h.server.faults.set({ errorRate: 1, errorStatus: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.post("/v1/guard", prompt("hi"))).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(h.server.faults.get()).toEqual({});
  });

  it("paths restricts where faults apply", async () => {
    h.server.faults.set({ errorRate: 1, paths: ["/v1/shield/"] });
    expect((await h.post("/v1/guard", prompt("hi"))).status).toBe(200);
    expect((await h.post("/v1/shield/guard", prompt("hi"))).status).toBe(503);
  });

  it("dropRate 1 destroys the connection without a response", async () => {
    h.server.faults.set({ dropRate: 1 });
    await expect(h.post("/v1/guard", prompt("hi"))).rejects.toThrow(TypeError);
    h.server.faults.clear();
    expect((await h.post("/v1/guard", prompt("hi"))).status).toBe(200);
  });

  it("latency still answers normally", async () => {
    h.server.faults.set({ latencyMs: 20 });
    expect(h.server.faults.get()).toEqual({ latencyMs: 20 });
    expect((await h.post("/v1/guard", prompt("hi"))).status).toBe(200);
  });

  it("rejects out-of-range settings", () => {
    expect(() => h.server.faults.set({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => h.server.faults.set({ errorStatus: 200 })).toThrow(/errorStatus/);
  });

  it("faults given at start apply immediately", async () => {
    const s = await startDevServer({ faults: { errorRate: 1, errorStatus: 502 } });
    try {
      expect((await fetch(`${s.url}/v1/health`)).status).toBe(502);
    } finally {
      await s.close();
    }
  });
});

describe("HTTP /_dev/faults", () => {
  const url = () => `${h.server.url}/_dev/faults`;
  it("POST sets, GET reads, DELETE clears", async () => {
    const set = await fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error_rate: 1, error_status: 504, paths: ["/v1/detect"] }),
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ error_rate: 1, error_status: 504, paths: ["/v1/detect"] });
    expect((await h.post("/v1/detect", { content: "x", content_type: "prompt" })).status).toBe(504);
    expect(await (await fetch(url())).json()).toMatchObject({ error_status: 504 });
    expect((await fetch(url(), { method: "DELETE" })).status).toBe(200);
    expect(h.server.faults.get()).toEqual({});
    expect((await h.post("/v1/detect", { content: "x", content_type: "prompt" })).status).toBe(200);
  });

  it("the faults endpoint itself is never faulted", async () => {
    h.server.faults.set({ errorRate: 1 });
    expect((await fetch(url())).status).toBe(200);
  });

  it("422 problem naming the field for invalid settings", async () => {
    const res = await fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ drop_rate: 5 }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/^drop_rate:/);
    const unknown = await fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"chaos":1}',
    });
    expect(unknown.status).toBe(422);
  });

  it("requires the admin key when one is configured", async () => {
    const adminKey = `adm_${Math.random().toString(36).slice(2)}`;
    const s = await startDevServer({ adminKey });
    try {
      expect((await fetch(`${s.url}/_dev/faults`)).status).toBe(401);
      expect(
        (await fetch(`${s.url}/_dev/faults`, { headers: { authorization: `Bearer ${adminKey}` } })).status,
      ).toBe(200);
    } finally {
      await s.close();
    }
  });
});
