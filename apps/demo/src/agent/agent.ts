import { BlockedError, type Highflame, Shield, SuspendedError } from "@highflame/sdk";
import { composeAnswer, planToolCall } from "./model.js";
import { createTools, type ToolSet } from "./tools.js";

/** Where in the agent loop a guard stopped the run. */
export type GuardPoint = "prompt" | "tool call" | "tool response" | "model response";

/** What one run of the agent produced. */
export interface AgentResult {
  outcome: "answered" | "blocked" | "suspended";
  answer?: string | undefined;
  /** The guard point that stopped the run. */
  point?: GuardPoint | undefined;
  /** Raw decision of the stopping guard call. */
  decision?: string | undefined;
  /** Guard points passed, in order. */
  passed: GuardPoint[];
  /** True when the model response came back redacted (`modify`). */
  redacted: boolean;
}

/**
 * A small tool-using agent with every step guarded by the Shield wrappers:
 * prompt (`shield.prompt`) → tool call (`shield.tool`) → tool result (`shield.toolResponse`) → model answer
 * (`shield.modelResponse`, in `modify` mode so PII is redacted instead of blocked).
 */
export class DemoAgent {
  /** Names of tools that actually executed. */
  readonly toolRuns: string[] = [];
  readonly #shield: Shield;
  readonly #tools: ToolSet;

  constructor(client: Highflame) {
    this.#shield = new Shield(client, { defaultMode: "enforce" });
    this.#tools = createTools(this.toolRuns);
  }

  /** Handles one user message in the conversation `sessionId` (user + conversation scoped). */
  async run(message: string, sessionId: string): Promise<AgentResult> {
    const shield = this.#shield;
    const passed: GuardPoint[] = [];
    let point: GuardPoint = "prompt";
    let redacted = false;
    const guardedTool = <A extends object>(name: keyof ToolSet, fn: (args: A) => Promise<string>) =>
      shield.tool(
        shield.toolResponse(
          async (args: A) => {
            passed.push("tool call"); // the tool-call check allowed it: the tool runs now
            point = "tool response";
            return fn(args);
          },
          { toolName: name, sessionId },
        ),
        { toolName: name, sessionId },
      );
    const tools = {
      search_docs: guardedTool("search_docs", this.#tools.search_docs),
      read_file: guardedTool("read_file", this.#tools.read_file),
      transfer_funds: guardedTool("transfer_funds", this.#tools.transfer_funds),
    };
    const answer = shield.modelResponse(composeAnswer, {
      mode: "modify",
      sessionId,
      onDecision: (response) => {
        redacted = response.decision === "modify";
      },
    });
    const plan = shield.prompt(async (text: string) => planToolCall(text), { sessionId });
    try {
      const call = await plan(message);
      passed.push("prompt");
      point = "tool call";
      const output = await (tools[call.tool] as (args: object) => Promise<string>)(call.args);
      passed.push("tool response");
      point = "model response";
      const text = await answer(message, output);
      passed.push("model response");
      return { outcome: "answered", answer: text, passed, redacted };
    } catch (error) {
      if (error instanceof BlockedError) {
        return {
          outcome: error instanceof SuspendedError ? "suspended" : "blocked",
          point,
          decision: error.decision,
          passed,
          redacted,
        };
      }
      throw error;
    }
  }
}
