import * as shield from "@highflame/shield";
import { describe, expect, it } from "vitest";

// Imports through the package's own exports map (self-reference, built `dist/`), as consumers do.
const entries: Record<string, string[]> = {
  "": [
    "IntegrationGuard",
    "SessionMessageTracker",
    "ToolDefinitionScanner",
    "resolveSessionId",
    "hashToolDefinition",
  ],
  "/langchain": ["highflameMiddleware", "HighflameCallbackHandler", "blockedErrorOf"],
  "/langgraph": ["HighflameMiddleware", "highflameMiddleware"],
  "/strands": ["HighflameStrandsHooks"],
  "/foundry": ["guardFoundry"],
  "/ai-sdk": ["highflameMiddleware"],
  "/openai": ["guardOpenAI"],
  "/openai-agents": ["highflameGuardrails"],
  "/mcp": ["guardMcpClient", "guardMcpServer", "guardToolHandler", "blockedErrorFromResult"],
  "/mcp/v1": ["guardMcpClient", "guardMcpServer", "guardToolHandler", "blockedErrorFromResult"],
};

describe("package exports", () => {
  for (const [subpath, names] of Object.entries(entries)) {
    it(`@highflame/integrations${subpath} exposes ${names.join(", ")}`, async () => {
      const specifier = `@highflame/integrations${subpath}`;
      const mod = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
      for (const name of names) expect(typeof mod[name]).toBe("function");
      if (subpath !== "") {
        // Re-exported error classes are Shield's own, so `instanceof` works across entry points.
        expect(mod.BlockedError).toBe(shield.BlockedError);
        expect(mod.SuspendedError).toBe(shield.SuspendedError);
      }
    });
  }
});
