import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, parseRetryAfterMs } from "./retry-after.js";

const h = (init: Record<string, string>) => new Headers(init);

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads retry-after-ms first", () => {
    expect(parseRetryAfterMs(h({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(parseRetryAfterMs(h({ "retry-after-ms": "12.5" }), now)).toBe(12.5);
  });

  it("falls back to Retry-After when retry-after-ms is blank or not a number", () => {
    expect(parseRetryAfterMs(h({ "retry-after-ms": "  ", "retry-after": "3" }), now)).toBe(3000);
    expect(parseRetryAfterMs(h({ "retry-after-ms": "abc", "retry-after": "3" }), now)).toBe(3000);
  });

  it("reads Retry-After seconds, including fractions and negatives (the caller applies the window)", () => {
    expect(parseRetryAfterMs(h({ "retry-after": "0" }), now)).toBe(0);
    expect(parseRetryAfterMs(h({ "retry-after": "1.5" }), now)).toBe(1500);
    expect(parseRetryAfterMs(h({ "retry-after": "-2" }), now)).toBe(-2000);
  });

  it("reads Retry-After as an HTTP date relative to now", () => {
    expect(parseRetryAfterMs(h({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(parseRetryAfterMs(h({ "retry-after": "Wed, 31 Dec 2025 23:59:50 GMT" }), now)).toBe(-10_000);
  });

  it("returns undefined when absent, blank or unparseable", () => {
    expect(parseRetryAfterMs(h({}), now)).toBeUndefined();
    expect(parseRetryAfterMs(h({ "retry-after": " " }), now)).toBeUndefined();
    expect(parseRetryAfterMs(h({ "retry-after": "later please" }), now)).toBeUndefined();
  });

  it("caps honoured waits at 60 s", () => {
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
  });
});
