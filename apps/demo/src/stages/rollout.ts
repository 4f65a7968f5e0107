import {
  alerted,
  allowed,
  type GuardResult,
  type Highflame,
  type Mode,
  rollout,
  wouldBlock,
} from "@highflame/sdk";
import type { Cell } from "../report/table.js";
import { type TrafficItem, trafficMix } from "../traffic-mix.js";
import { type Check, check, checkThat, type Stage } from "./types.js";

/** A rollout phase and how it picks the mode of a conversation. */
interface Phase {
  name: "monitor" | "alert" | "canary" | "enforce";
  modeFor(conversation: string): Mode;
}

/** Counts of one phase. */
export interface PhaseCounts {
  blocked: number;
  wouldBlock: number;
  alerted: number;
  benignBlocked: number;
  mismatched: number;
}

function evaluate(
  client: Highflame,
  item: TrafficItem,
  mode: Mode,
  sessionId: string,
  phase: Phase["name"],
): Promise<GuardResult> {
  // The traffic mix knows which requests are benign: the label lets the observatory show how much of what
  // enforcing would block is benign traffic.
  const request = { metadata: { label: item.attack ? "attack" : "benign", rollout_stage: phase } };
  if (item.kind === "prompt") return client.guard.evaluatePrompt(item.text!, { mode, sessionId, request });
  return client.guard.evaluateToolCall(item.tool!.name, item.tool!.args, { mode, sessionId, request });
}

function cellFor(
  response: GuardResult,
  style: (s: "red" | "yellow" | "green" | "dim", t: string) => Cell,
): Cell {
  if (!allowed(response)) return style("red", `${response.decision} ✋`);
  const flags = [
    wouldBlock(response) ? `would ${response.actual_decision}` : "",
    alerted(response) ? "⚑ alert" : "",
  ]
    .filter(Boolean)
    .join(", ");
  return flags ? style("yellow", `${response.decision} (${flags})`) : style("dim", response.decision);
}

/**
 * Stage 3: the staged rollout. One fixed traffic mix (12 benign requests, 8 attacks) is replayed in monitor, then
 * alert, then enforce on a sticky canary share of conversations (`rollout()`), then full enforce.
 */
export const rolloutStage: Stage = {
  name: "rollout",
  title: "Staged enforcement: monitor → alert → canary enforce → enforce",
  async run({ client, report, expectations, runId }) {
    const exp = expectations.rollout;
    const mix = trafficMix();
    const attacks = mix.filter((i) => i.attack).length;
    const canaryMode = (conversation: string) =>
      rollout({ enforcePercent: exp.canaryPercent, sessionId: conversation, salt: exp.salt });
    const phases: Phase[] = [
      { name: "monitor", modeFor: () => "monitor" },
      { name: "alert", modeFor: () => "alert" },
      { name: "canary", modeFor: canaryMode },
      { name: "enforce", modeFor: () => "enforce" },
    ];
    const cells: Cell[][] = mix.map((item) => [item.label, item.attack ? item.expected : "benign"]);
    const counts = new Map<Phase["name"], PhaseCounts>();
    for (const phase of phases) {
      const c: PhaseCounts = { blocked: 0, wouldBlock: 0, alerted: 0, benignBlocked: 0, mismatched: 0 };
      // Sequential, in traffic order, so cross-turn session state is the same on every run.
      const results: GuardResult[] = [];
      for (const item of mix) {
        // Session ids are scoped to user + conversation; each phase replays the mix as new conversations.
        const sessionId = `${item.conversation}/${runId}-${phase.name}`;
        results.push(await evaluate(client, item, phase.modeFor(item.conversation), sessionId, phase.name));
      }
      results.forEach((response, i) => {
        const item = mix[i]!;
        if (!allowed(response)) c.blocked++;
        if (allowed(response) && wouldBlock(response)) c.wouldBlock++;
        if (alerted(response)) c.alerted++;
        if (!item.attack && !allowed(response)) c.benignBlocked++;
        const enforced = response.actual_decision ?? response.decision;
        if (enforced !== item.expected) c.mismatched++;
        cells[i]!.push(cellFor(response, (style, text) => ({ text, style })));
      });
      counts.set(phase.name, c);
    }
    report.table(
      "Per request (✋ blocked; 'would …' = what enforce would have done)",
      ["request", "class", "monitor", "alert", `canary ${exp.canaryPercent}%`, "enforce"],
      cells,
    );
    const conversations = [...new Set(mix.map((i) => i.conversation))];
    const canary = conversations.filter((c) => canaryMode(c) === "enforce");
    const canaryAttacks = mix.filter((i) => i.attack && canary.includes(i.conversation)).length;
    report.table(
      "Per stage",
      ["stage", "mode", "requests", "blocked", "would have blocked", "alerted", "benign blocked"],
      phases.map((phase) => {
        const c = counts.get(phase.name)!;
        const mode =
          phase.name === "canary"
            ? `enforce for ${canary.length}/${conversations.length} conversations, else monitor`
            : phase.name;
        return [phase.name, mode, mix.length, c.blocked, c.wouldBlock, c.alerted, c.benignBlocked];
      }),
    );
    report.note(
      `canary conversations (sticky: rollout() hashes salt + session id): ${canary.join(", ") || "none"}`,
    );
    const m = counts.get("monitor")!;
    const a = counts.get("alert")!;
    const k = counts.get("canary")!;
    const e = counts.get("enforce")!;
    const checks: Check[] = [
      check("monitor: blocked", m.blocked, exp.monitor.blocked),
      check("monitor: would have blocked", m.wouldBlock, exp.monitor.wouldBlock),
      check("alert: blocked", a.blocked, exp.alert.blocked),
      check("alert: alerted", a.alerted, exp.alert.alerted),
      check("canary: blocked = attacks in canary conversations", k.blocked, canaryAttacks),
      check("canary: blocked + would have blocked = all attacks", k.blocked + k.wouldBlock, attacks),
      checkThat(
        "canary: a real subset is enforced",
        k.blocked > 0 && k.blocked < attacks,
        k.blocked,
        `between 1 and ${attacks - 1}`,
      ),
      check("enforce: blocked", e.blocked, exp.enforce.blocked),
      check("enforce: passed", mix.length - e.blocked, exp.enforce.passed),
      check(
        "benign requests blocked at any stage",
        m.benignBlocked + a.benignBlocked + k.benignBlocked + e.benignBlocked,
        0,
      ),
      check("decisions match the traffic mix's classes", e.mismatched + m.mismatched, 0),
    ];
    return checks;
  },
};
