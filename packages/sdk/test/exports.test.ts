import { readFileSync } from "node:fs";
import * as core from "@highflame/core";
import { describe, expect, it } from "vitest";
import * as auth from "../src/auth.js";
import * as root from "../src/index.js";
import * as shield from "../src/shield.js";
import * as zeroid from "../src/zeroid.js";

// Every error class core exports must reach users through the umbrella (derived, so the list cannot drift).
const coreErrorClasses = Object.entries(core)
  .filter(
    ([, value]) =>
      typeof value === "function" &&
      (value === core.HighflameError || Object.prototype.isPrototypeOf.call(core.HighflameError, value)),
  )
  .map(([name]) => name);
const errorClasses = [...coreErrorClasses, "BlockedError", "SuspendedError"];

describe("public surface", () => {
  it("finds core's error classes to check", () => {
    expect(coreErrorClasses).toEqual(
      expect.arrayContaining(["HighflameError", "RateLimitError", "StreamError"]),
    );
    expect(coreErrorClasses.length).toBeGreaterThanOrEqual(17);
  });

  it("root exports the client, wrappers, errors, helpers, schemas and token providers", () => {
    for (const name of [
      "Highflame",
      "Shield",
      ...errorClasses,
      "TOKEN_REFRESH_BUFFER_MS",
      "ServiceKeyTokenProvider",
      "StaticTokenProvider",
      "allowed",
      "denied",
      "suspended",
      "alerted",
      "rollout",
      "GuardRequestSchema",
      "GuardResponseSchema",
      "DECISIONS",
      "MODES",
      "CONTENT_TYPES",
      "ACTIONS",
      "ZeroIDClient",
      "verifyJWT",
    ]) {
      expect(root, name).toHaveProperty(name);
    }
  });

  it("subpaths expose their package surface", () => {
    expect(shield).toHaveProperty("Shield");
    expect(shield).toHaveProperty("ShieldClient");
    expect(auth).toHaveProperty("ServiceKeyTokenProvider");
    expect(auth).toHaveProperty("AuthenticationError");
    expect(zeroid).toHaveProperty("ZeroIDClient");
    expect(zeroid).toHaveProperty("verifyJWT");
  });

  it("the exports map lists each subpath with types first", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const integrations = ["langchain", "langgraph", "strands", "foundry", "ai-sdk"].map(
      (n) => `./integrations/${n}`,
    );
    for (const sub of [".", "./shield", "./auth", "./zeroid", ...integrations]) {
      expect(Object.keys(pkg.exports[sub])).toEqual(["types", "default"]);
    }
  });

  it("integration subpaths resolve by package name to the adapters", async () => {
    const langchain = await import("@highflame/sdk/integrations/langchain");
    const langgraph = await import("@highflame/sdk/integrations/langgraph");
    const strands = await import("@highflame/sdk/integrations/strands");
    const foundry = await import("@highflame/sdk/integrations/foundry");
    const aiSdk = await import("@highflame/sdk/integrations/ai-sdk");
    expect(typeof langchain.highflameMiddleware).toBe("function");
    expect(typeof langchain.HighflameCallbackHandler).toBe("function");
    expect(typeof langgraph.HighflameMiddleware).toBe("function");
    expect(langgraph.highflameMiddleware).toBe(langchain.highflameMiddleware);
    expect(typeof strands.HighflameStrandsHooks).toBe("function");
    expect(typeof foundry.guardFoundry).toBe("function");
    expect(typeof aiSdk.highflameMiddleware).toBe("function");
    expect(langgraph.BlockedError).toBe(root.BlockedError);
    expect(aiSdk.BlockedError).toBe(root.BlockedError);
  });

  it("root exports the ZeroID enums as runtime lists", () => {
    expect(root.SIGNAL_TYPES).toHaveLength(8);
    expect(root.SIGNAL_TYPES).toContain("identity_expired");
    expect(root.TRUST_LEVELS).toEqual(["unverified", "verified_third_party", "first_party"]);
    expect(root.IDENTITY_TYPES).toContain("mcp_server");
    expect(root.SUB_TYPES).toContain("llm_provider");
    expect(root.SIGNAL_SEVERITIES).toEqual(["low", "medium", "high", "critical"]);
    expect(typeof root.createActorAssertion).toBe("function");
  });

  it("errors keep their hierarchy", () => {
    expect(new root.SuspendedError({ decision: "defer" })).toBeInstanceOf(root.BlockedError);
    expect(new root.BlockedError({ decision: "deny" })).toBeInstanceOf(root.HighflameError);
  });
});
