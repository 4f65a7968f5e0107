import { describe, expect, it } from "vitest";
import { closedPort, createCapturingLogger, generateTestKey } from "../src/index.js";
import { rejectionOf } from "./wait-for.js";

describe("generateTestKey", () => {
  it("is shaped like a service key and fresh every call", () => {
    const a = generateTestKey();
    const b = generateTestKey();
    expect(a).toMatch(/^hf_sk_test_[A-Za-z0-9_-]{32}$/);
    expect(b).not.toBe(a);
    expect(generateTestKey("zid_sk_")).toMatch(/^zid_sk_test_[A-Za-z0-9_-]{32}$/);
  });
});

describe("createCapturingLogger", () => {
  it("records level, message and args, and renders everything in text()", () => {
    const logger = createCapturingLogger();
    const secret = generateTestKey();
    logger.debug("starting", { attempt: 1 });
    logger.warn("retrying", { status: 503 }, "later");
    logger.error("failed", new Error(`bad key ${secret}`, { cause: { code: "E_AUTH" } }));

    expect(logger.entries.map((entry) => entry.level)).toEqual(["debug", "warn", "error"]);
    expect(logger.entries[1]).toEqual({
      level: "warn",
      message: "retrying",
      args: [{ status: 503 }, "later"],
    });
    expect(logger.at("error")).toHaveLength(1);
    const text = logger.text();
    expect(text).toContain('DEBUG starting {"attempt":1}');
    expect(text).toContain('WARN retrying {"status":503} "later"');
    // Error messages and causes are included, so a leaked secret inside an error would be caught.
    expect(text).toContain(secret);
    expect(text).toContain("E_AUTH");

    logger.clear();
    expect(logger.entries).toEqual([]);
    expect(logger.text()).toBe("");
  });

  it("survives circular and bigint args", () => {
    const logger = createCapturingLogger();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.info("odd", circular, 10n);
    expect(logger.text()).toContain("INFO odd");
    expect(logger.text()).toContain("10");
  });
});

describe("closedPort", () => {
  it("returns a port where connections are refused", async () => {
    const port = await closedPort();
    expect(port).toBeGreaterThan(0);
    const error = await rejectionOf(fetch(`http://127.0.0.1:${port}/`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
  });
});
