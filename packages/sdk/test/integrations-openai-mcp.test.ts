import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as root from "../src/index.js";

// The subpaths for openai, @openai/agents, MCP, Strands and Foundry, resolved by package name as users import them.
const SUBPATHS: Record<string, string> = {
  openai: "guardOpenAI",
  "openai-agents": "highflameGuardrails",
  mcp: "guardMcpClient",
  "mcp/v1": "guardMcpServer",
  strands: "HighflameStrandsHooks",
  foundry: "guardFoundry",
};

describe("integration subpaths (openai, agents, mcp, strands, foundry)", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  for (const [name, exported] of Object.entries(SUBPATHS)) {
    it(`@highflame/sdk/integrations/${name} re-exports ${exported} and Shield's errors`, async () => {
      expect(Object.keys(pkg.exports[`./integrations/${name}`])).toEqual(["types", "default"]);
      const mod = (await import(/* @vite-ignore */ `@highflame/sdk/integrations/${name}`)) as Record<
        string,
        unknown
      >;
      expect(typeof mod[exported]).toBe("function");
      expect(mod.BlockedError).toBe(root.BlockedError);
      expect(mod.SuspendedError).toBe(root.SuspendedError);
    });
  }
});
