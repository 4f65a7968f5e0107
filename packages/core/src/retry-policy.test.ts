import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_RETRIES,
  INITIAL_RETRY_DELAY_MS,
  isRetryableResponse,
  MAX_RETRY_DELAY_MS,
  retryDelayMs,
} from "./retry-policy.js";

const h = (init: Record<string, string> = {}) => new Headers(init);

describe("isRetryableResponse", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i", (status) => {
    expect(isRetryableResponse(status, h())).toBe(true);
  });
  it.each([400, 401, 403, 404, 409, 422, 418, 501])("does not retry %i", (status) => {
    expect(isRetryableResponse(status, h())).toBe(false);
  });
  it("lets x-should-retry override the table either way (case and spaces ignored)", () => {
    expect(isRetryableResponse(400, h({ "x-should-retry": "true" }))).toBe(true);
    expect(isRetryableResponse(503, h({ "x-should-retry": " FALSE " }))).toBe(false);
    expect(isRetryableResponse(503, h({ "x-should-retry": "maybe" }))).toBe(true);
  });
});

describe("retryDelayMs", () => {
  it("defaults match the documented policy", () => {
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(INITIAL_RETRY_DELAY_MS).toBe(500);
    expect(MAX_RETRY_DELAY_MS).toBe(8_000);
  });

  it("doubles from 0.5 s up to the 8 s cap without jitter", () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, undefined, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it("subtracts up to 25 % jitter", () => {
    expect(retryDelayMs(0, undefined, () => 1)).toBe(375);
    expect(retryDelayMs(4, undefined, () => 1)).toBe(6000);
    expect(retryDelayMs(1, undefined, () => 0.5)).toBe(875);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(2);
      expect(d).toBeGreaterThanOrEqual(1500);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });

  it("honours retry-after-ms and Retry-After inside 0–60 s", () => {
    const noJitter = () => 0;
    expect(retryDelayMs(3, h({ "retry-after-ms": "1" }), noJitter)).toBe(1);
    expect(retryDelayMs(3, h({ "retry-after-ms": "0" }), noJitter)).toBe(0);
    expect(retryDelayMs(0, h({ "retry-after": "2" }), noJitter)).toBe(2000);
    expect(retryDelayMs(0, h({ "retry-after": "60" }), noJitter)).toBe(60_000);
  });

  it("falls back to backoff for waits over 60 s, negative or unparseable", () => {
    const noJitter = () => 0;
    const cases: Record<string, string>[] = [
      { "retry-after": "61" },
      { "retry-after": "3600" },
      { "retry-after-ms": "60001" },
      { "retry-after": "-5" },
      { "retry-after-ms": "-1" },
      { "retry-after": "soon" },
      { "retry-after": new Date(Date.now() - 10_000).toUTCString() },
      { "retry-after": new Date(Date.now() + 3_600_000).toUTCString() },
    ];
    for (const headers of cases) {
      expect(retryDelayMs(1, h(headers), noJitter), JSON.stringify(headers)).toBe(1000);
    }
  });
});
