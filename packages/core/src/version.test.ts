import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { USER_AGENT } from "./http-client.js";
import { VERSION } from "./version.js";

describe("VERSION", () => {
  it("equals packages/core/package.json version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
  it("is used in the User-Agent", () => {
    expect(USER_AGENT).toBe(`highflame-sdk-ts/${VERSION} node/${process.versions.node}`);
  });
});
