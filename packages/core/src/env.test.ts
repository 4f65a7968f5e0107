import { afterEach, describe, expect, it, vi } from "vitest";
import { HIGHFLAME_ENV, readEnv, readHighflameEnv } from "./env.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("env", () => {
  it("reads and trims a variable; blank counts as unset", () => {
    vi.stubEnv("HIGHFLAME_BASE_URL", "  http://h  ");
    vi.stubEnv("HIGHFLAME_ACCOUNT_ID", "   ");
    expect(readEnv("HIGHFLAME_BASE_URL")).toBe("http://h");
    expect(readEnv("HIGHFLAME_ACCOUNT_ID")).toBeUndefined();
    expect(readEnv("HIGHFLAME_SURELY_UNSET_VARIABLE")).toBeUndefined();
  });

  it("reads every known HIGHFLAME_* variable", () => {
    for (const name of Object.values(HIGHFLAME_ENV)) vi.stubEnv(name, "");
    vi.stubEnv("HIGHFLAME_PROJECT_ID", "p1");
    vi.stubEnv("HIGHFLAME_LOG", "debug");
    expect(readHighflameEnv()).toEqual({
      apiKey: undefined,
      baseUrl: undefined,
      tokenUrl: undefined,
      accountId: undefined,
      projectId: "p1",
      logLevel: "debug",
    });
  });

  it("returns undefined where process does not exist", () => {
    const saved = globalThis.process;
    // biome-ignore lint/suspicious/noExplicitAny: simulating an edge runtime.
    (globalThis as any).process = undefined;
    try {
      expect(readEnv("HIGHFLAME_LOG")).toBeUndefined();
    } finally {
      globalThis.process = saved;
    }
  });
});
