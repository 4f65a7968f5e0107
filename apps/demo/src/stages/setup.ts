import { PolicyVerificationError } from "@highflame/sdk";
import { type Check, check, checkThat, type Stage } from "./types.js";

/**
 * Stage 1: one shared client for the process, its settings, and the startup policy check. A guard with no
 * policies loaded allows everything, so the process refuses to serve until `verifyPolicies` passes.
 */
export const setupStage: Stage = {
  name: "setup",
  title: "One client per process, policies verified at startup",
  async run({ client, report, expectations, dev }) {
    const checks: Check[] = [];
    report.facts([
      ["client", "one Highflame instance, created at startup and shared by every stage"],
      ["baseUrl", client.baseUrl],
      ["target", dev ? "local server, started in-process on a free port" : "remote deployment (HIGHFLAME_*)"],
      ["failMode", `${client.failMode} (outages throw unless a call opts into fail-open)`],
      ["timeout", "5000 ms per attempt; 2 retries on 429/5xx/connection errors"],
    ]);
    const health = await client.health();
    const policies = await client.verifyPolicies();
    report.table(
      `client.verifyPolicies() — ${policies.policies.length} Cedar policies loaded for "guardrails"`,
      ["policy id", "effect", "mode", "decision"],
      policies.policies.map((p) => [p.id, p.effect ?? "", p.mode ?? "", p.decision ?? ""]),
    );
    checks.push(check("health endpoint reports healthy", health.status, "healthy"));
    checks.push(
      checkThat(
        "required policies are loaded",
        expectations.setup.requiredPolicies.every((id) => policies.policies.some((p) => p.id === id)),
        `${policies.policies.length} loaded`,
        `all of ${expectations.setup.requiredPolicies.join(", ")}`,
      ),
    );
    // The same check against a namespace with no policies shows what a misconfigured project looks like.
    let refused = "passed";
    try {
      await client.verifyPolicies({ product: "no-such-product" });
    } catch (error) {
      refused = error instanceof PolicyVerificationError ? "PolicyVerificationError" : String(error);
    }
    report.note(
      `verifyPolicies({ product: "no-such-product" }) → ${refused}: an empty policy set stops startup.`,
    );
    checks.push(check("an empty policy set is refused at startup", refused, "PolicyVerificationError"));
    return checks;
  },
};
