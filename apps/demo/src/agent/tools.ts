import { randomBytes } from "node:crypto";

/** The agent's tools: deterministic, in-memory stand-ins for real integrations. */
export interface ToolSet {
  search_docs(args: { query: string }): Promise<string>;
  read_file(args: { path: string }): Promise<string>;
  transfer_funds(args: { amount: number; to: string }): Promise<string>;
}

const DOCS: [RegExp, string][] = [
  [/refund/i, "Refunds are accepted within 30 days of purchase with a receipt."],
  [
    /account manager/i,
    "ACME account manager: Jane Roe, jane.roe@acme.example, phone +1 415 555 0100 (weekdays 9-17).",
  ],
  [/shipping/i, "Standard shipping takes 3-5 business days."],
];

/**
 * Creates the tools. `runs` receives the name of every tool that actually executed, so the demo can show that a
 * blocked call never ran. The fake file system holds a config file with a token generated per run.
 */
export function createTools(runs: string[]): ToolSet {
  const token = `ghp_${randomBytes(18).toString("hex")}`; // 36 hex chars, generated per run
  const files: Record<string, string> = {
    "reports/q3.md": "Q3 revenue grew 12% quarter over quarter.",
    "config/.env": `LOG_LEVEL=info\nGITHUB_TOKEN=${token}\n`,
  };
  return {
    async search_docs({ query }) {
      runs.push("search_docs");
      return DOCS.find(([pattern]) => pattern.test(query))?.[1] ?? "No matching document.";
    },
    async read_file({ path }) {
      runs.push("read_file");
      return files[path] ?? `No such file: ${path}`;
    },
    async transfer_funds({ amount, to }) {
      runs.push("transfer_funds");
      return `Transferred ${amount} to ${to}.`;
    },
  };
}
