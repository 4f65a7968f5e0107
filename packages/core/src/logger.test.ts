import { createCapturingLogger, generateTestKey } from "@highflame/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOG_LEVELS, resolveLogLevel, SdkLogger, toSdkLogger } from "./logger.js";
import { REDACTED } from "./redact.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

function emitAll(logger: SdkLogger): void {
  logger.debug("d");
  logger.info("i");
  logger.warn("w");
  logger.error("e");
}

describe("resolveLogLevel", () => {
  it("prefers the option, then HIGHFLAME_LOG, then warn", () => {
    vi.stubEnv("HIGHFLAME_LOG", "debug");
    expect(resolveLogLevel("error")).toBe("error");
    expect(resolveLogLevel()).toBe("debug");
    vi.stubEnv("HIGHFLAME_LOG", "");
    expect(resolveLogLevel()).toBe("warn");
    vi.stubEnv("HIGHFLAME_LOG", "INFO");
    expect(resolveLogLevel()).toBe("info");
    expect(resolveLogLevel("verbose")).toBe("warn");
    expect(LOG_LEVELS).toEqual(["off", "error", "warn", "info", "debug"]);
  });
});

describe("SdkLogger", () => {
  it.each([
    ["off", []],
    ["error", ["error"]],
    ["warn", ["warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["debug", ["debug", "info", "warn", "error"]],
  ] as const)("level %s emits %j", (level, expected) => {
    const sink = createCapturingLogger();
    emitAll(new SdkLogger(sink, level));
    expect(sink.entries.map((e) => e.level)).toEqual(expected);
  });

  it("defaults to warn when neither option nor HIGHFLAME_LOG is set", () => {
    vi.stubEnv("HIGHFLAME_LOG", "");
    const sink = createCapturingLogger();
    const logger = new SdkLogger(sink);
    expect(logger.level).toBe("warn");
    emitAll(logger);
    expect(sink.entries.map((e) => e.level)).toEqual(["warn", "error"]);
  });

  it("prefixes and redacts the message and every argument", () => {
    const key = generateTestKey();
    const sink = createCapturingLogger();
    new SdkLogger(sink, "debug").debug(
      `calling with ${key}`,
      { headers: { authorization: `Bearer ${key}` } },
      key,
    );
    expect(sink.entries[0]!.message).toBe(`[highflame] calling with ${REDACTED}`);
    expect(sink.entries[0]!.args).toEqual([{ headers: { authorization: REDACTED } }, REDACTED]);
    expect(sink.text()).not.toContain(key);
  });

  it("routes error to warn when the sink has no error method, and survives a throwing sink", () => {
    const lines: string[] = [];
    const noError = { debug() {}, info() {}, warn: (m: string) => lines.push(m) };
    new SdkLogger(noError, "error").error("boom");
    expect(lines).toEqual(["[highflame] boom"]);
    const throwing = {
      debug() {
        throw new Error("sink broke");
      },
      info() {},
      warn() {},
    };
    expect(() => new SdkLogger(throwing, "debug").debug("x")).not.toThrow();
  });

  it("calls sink methods with the sink as `this` (pino/winston style objects)", () => {
    const sink = {
      seen: [] as string[],
      debug(this: { seen: string[] }, m: string) {
        this.seen.push(m);
      },
      info(this: { seen: string[] }, m: string) {
        this.seen.push(m);
      },
      warn(this: { seen: string[] }, m: string) {
        this.seen.push(m);
      },
    };
    new SdkLogger(sink, "info").info("hello");
    expect(sink.seen).toEqual(["[highflame] hello"]);
  });

  it("toSdkLogger reuses an SdkLogger unless a level is given", () => {
    const inner = new SdkLogger(createCapturingLogger(), "info");
    expect(toSdkLogger(inner)).toBe(inner);
    expect(toSdkLogger(inner, "debug")).not.toBe(inner);
    expect(toSdkLogger(undefined, "off").enabled("error")).toBe(false);
  });
});

describe("toSdkLogger never wraps twice (regression: doubled [highflame] prefix)", () => {
  it("re-levels an SdkLogger onto the same sink with a single prefix", () => {
    const lines: string[] = [];
    const sink = { debug: (m: string) => lines.push(m), info: () => {}, warn: () => {} };
    const inner = toSdkLogger(sink, "warn");
    const outer = toSdkLogger(inner, "debug");
    outer.debug("hello");
    expect(lines).toEqual(["[highflame] hello"]);
    expect(toSdkLogger(inner, "warn")).toBe(inner);
  });
});
