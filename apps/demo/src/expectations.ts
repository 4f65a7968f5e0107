/** What every stage must observe for the run to pass. Defaults fit the local server's default policies. */
export interface DemoExpectations {
  setup: {
    /** Policy ids that must be loaded (checked with `verifyPolicies({ require })`). */
    requiredPolicies: string[];
  };
  agent: {
    /** Outcome per scenario id (see `stages/agent.ts`). */
    outcomes: Record<string, string>;
    /** Tool functions that actually ran across all scenarios (blocked calls never run). */
    toolRuns: number;
  };
  rollout: {
    /** Share of conversations enforced in the canary stage. */
    canaryPercent: number;
    /** Salt of the canary (a new salt picks a new set of conversations). */
    salt: string;
    monitor: { blocked: number; wouldBlock: number };
    alert: { blocked: number; alerted: number };
    enforce: { blocked: number; passed: number };
  };
  nonBlocking: {
    /** Outcome of the side work for a benign prompt and for an attack. */
    benign: string;
    attack: string;
  };
  outage: {
    /** Outcome of a guarded call while Shield is unreachable, per fail mode. */
    failOpen: string;
    failClosed: string;
  };
  zeroid: {
    /** Scopes of the delegated token after narrowing. */
    delegatedScopes: string[];
    delegationDepth: number;
  };
}

/** Expectations of the default run. */
export function defaultExpectations(): DemoExpectations {
  return {
    setup: {
      requiredPolicies: ["deny-prompt-injection", "deny-secrets-in-tool-calls", "step-up-transfer-funds"],
    },
    agent: {
      outcomes: {
        benign: "answered",
        injection: "blocked: prompt (deny)",
        traversal: "blocked: tool call (deny)",
        "secret-in-tool-response": "blocked: tool response (deny)",
        "pii-in-answer": "answered (redacted)",
        transfer: "suspended: tool call (step_up)",
      },
      toolRuns: 3,
    },
    rollout: {
      canaryPercent: 25,
      salt: "canary-2026-11",
      monitor: { blocked: 0, wouldBlock: 8 },
      alert: { blocked: 0, alerted: 8 },
      enforce: { blocked: 8, passed: 12 },
    },
    nonBlocking: { benign: "completed", attack: "cancelled" },
    outage: { failOpen: "allow (degraded)", failClosed: "APIConnectionError" },
    zeroid: { delegatedScopes: ["data:read"], delegationDepth: 1 },
  };
}

/** A partial override of {@link DemoExpectations} (any depth). */
export type ExpectationOverrides = {
  [K in keyof DemoExpectations]?: Partial<{
    [P in keyof DemoExpectations[K]]: DemoExpectations[K][P] extends unknown[]
      ? DemoExpectations[K][P]
      : DemoExpectations[K][P] extends object
        ? Partial<DemoExpectations[K][P]>
        : DemoExpectations[K][P];
  }>;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function merge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

/** The default expectations with `overrides` applied (objects merged, arrays and values replaced). */
export function resolveExpectations(overrides: ExpectationOverrides = {}): DemoExpectations {
  return merge(
    defaultExpectations() as unknown as Record<string, unknown>,
    overrides as Record<string, unknown>,
  ) as unknown as DemoExpectations;
}
