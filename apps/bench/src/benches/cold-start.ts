import { type Benchmark, byScale } from "../benchmark.js";
import { median, roundOrder, summarize } from "../measure.js";
import { ChildGroup } from "../processes/children.js";
import { childScript } from "../processes/scripts.js";
import { type Check, formatDuration } from "../report.js";
import { startStubServer } from "../stub/start-stub.js";
import { pairedRatioResult } from "../targets.js";

/** Longest one fresh-process sample may take, ms. */
const PROBE_TIMEOUT_MS = 30_000;

interface ImportSample {
  importMs: number;
  sinceStartMs: number;
}

interface FirstCallSample {
  firstCallMs: number;
  decision: string;
}

/** A fresh-process sample kind: what it runs and which group of the table it belongs to. */
interface Probe {
  name: string;
  group: "import" | "first call";
  baseline: boolean;
  script: string;
  args: (url: string) => string[];
}

/** Cold import of the SDK and of Shield alone, and a fresh client's first call, each in fresh processes. */
export const coldStartBenchmark: Benchmark = {
  name: "cold-start",
  title:
    "fresh node processes: cold import of @highflame/sdk and @highflame/shield; a new client's first call",
  async run(_env, { scale, pinning }) {
    const samples = byScale(scale, { full: 11, quick: 5, tiny: 2 });
    const timeLimitMs = byScale(scale, { full: 60_000, quick: 30_000, tiny: 60_000 });
    await using children = new ChildGroup();
    const stub = await startStubServer(children, pinning.serverCpu);
    const importProbe = childScript("probes/import-probe.js");
    const firstCallProbe = childScript("probes/first-call-probe.js");
    const sdkUrl = import.meta.resolve("@highflame/sdk");
    const undiciUrl = import.meta.resolve("undici");
    const probes: Probe[] = [
      {
        name: "import undici",
        group: "import",
        baseline: true,
        script: importProbe,
        args: () => [undiciUrl],
      },
      {
        name: "import @highflame/sdk",
        group: "import",
        baseline: false,
        script: importProbe,
        args: () => [sdkUrl],
      },
      {
        name: "import @highflame/shield",
        group: "import",
        baseline: false,
        script: importProbe,
        args: () => [import.meta.resolve("@highflame/shield")],
      },
      {
        name: "first call: raw undici (token + guard)",
        group: "first call",
        baseline: true,
        script: firstCallProbe,
        args: (url) => ["undici", url, undiciUrl],
      },
      {
        name: "first call: new Highflame client",
        group: "first call",
        baseline: false,
        script: firstCallProbe,
        args: (url) => ["sdk", url, sdkUrl],
      },
    ];
    const results = probes.map((): (ImportSample | FirstCallSample)[] => []);
    const before = await stub.stats();
    const started = performance.now();
    for (let r = 0; r < samples && (r === 0 || performance.now() - started < timeLimitMs); r++) {
      for (const i of roundOrder(probes.length, r)) {
        const probe = probes[i]!;
        results[i]!.push(
          await children.runJson(probe.script, probe.args(stub.url), {
            label: `${probe.name} probe`,
            cpu: pinning.clientCpu,
            timeoutMs: PROBE_TIMEOUT_MS,
            env: { BENCH_API_KEY: stub.apiKey },
          }),
        );
      }
    }
    const after = await stub.stats();
    const ms = (s: ImportSample | FirstCallSample) => ("importMs" in s ? s.importMs : s.firstCallMs);
    const cases = summarize(probes.map((p, i) => ({ ...p, opsPerUnit: 0, samples: results[i]!.map(ms) })));
    const byName = (name: string) => cases.find((c) => c.name === name)!.samples;
    const ratio = (name: string, of: string, to: string) => pairedRatioResult(name, byName(of), byName(to));
    const ratios = [
      ratio("cold import: @highflame/sdk / undici", "import @highflame/sdk", "import undici"),
      ratio("cold import: @highflame/shield / undici", "import @highflame/shield", "import undici"),
      ratio(
        "first call: new Highflame client / raw undici",
        "first call: new Highflame client",
        "first call: raw undici (token + guard)",
      ),
    ];
    const firstCalls = results.slice(3).flat() as FirstCallSample[];
    const rounds = results[0]!.length;
    const checks: Check[] = [
      {
        name: "first calls answered allow",
        ok: firstCalls.length === 2 * rounds && firstCalls.every((s) => s.decision === "allow"),
        detail: `${firstCalls.filter((s) => s.decision === "allow").length} of ${firstCalls.length}`,
      },
      {
        name: "token exchanges / guard calls per first-call sample",
        ok:
          after.tokenExchanges - before.tokenExchanges === firstCalls.length &&
          after.guardOk - before.guardOk === firstCalls.length,
        detail: `${(after.tokenExchanges - before.tokenExchanges) / firstCalls.length} / ${(after.guardOk - before.guardOk) / firstCalls.length}`,
      },
    ];
    const imports = probes
      .slice(0, 3)
      .map((p, i) => [
        p.name,
        String(results[i]!.length),
        formatDuration(median(results[i]!.map((s) => (s as ImportSample).sinceStartMs))),
      ]);
    return {
      name: this.name,
      title: this.title,
      notes: [
        pinning.description,
        `${rounds} of ${samples} samples per row, one fresh process each, round-robin`,
      ],
      cases,
      tables: [
        {
          title: "fresh process: median time from process start until the import finished",
          header: ["module", "runs", "start → imported"],
          rows: imports,
        },
      ],
      ratios,
      checks,
    };
  },
};
