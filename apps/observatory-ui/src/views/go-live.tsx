import { type GoLive, getJson, type Params, type Summary, type Timeseries } from "../api.js";
import { useData } from "../live.js";
import { ms, NumLink, Panel, Tag } from "../ui.js";
import { DecisionsChart } from "./decisions-chart.js";

const MODES = ["enforce", "monitor", "alert", "modify"];

function Posture({ modes }: { modes: string[] }) {
  if (!modes.includes("enforce")) return <Tag tone="warn">monitor-only ({modes.join(", ")})</Tag>;
  if (modes.length > 1) return <Tag>mixed ({modes.join(", ")})</Tag>;
  return <Tag tone="ok">enforcing</Tag>;
}

function ByMode({ counts, params }: { counts: Record<string, number>; params: Params }) {
  const present = MODES.filter((m) => (counts[m] ?? 0) > 0);
  if (present.length === 0) return <span class="num zero">0</span>;
  return (
    <span class="bymode">
      {present.map((m) => (
        <span key={m}>
          {m} <NumLink n={counts[m] ?? 0} params={{ ...params, mode: m }} />
        </span>
      ))}
    </span>
  );
}

/** The go-live view: what enforcing each policy would block, and whether any of it is benign. */
export function GoLiveView({ base, version }: { base: Params; version: number }) {
  const summary = useData(() => getJson<Summary>("summary", base), [version, base]);
  const series = useData(() => getJson<Timeseries>("timeseries", base), [version, base]);
  const live = useData(() => getJson<GoLive>("go-live", base), [version, base]);
  const s = summary.data;
  const g = live.data;
  const e = s?.enforce_would_block;
  const benign = e?.by_label.benign ?? 0;
  return (
    <div class="view">
      <section class="answer" aria-label="answer">
        {s && e ? (
          <>
            <p class="big" data-testid="headline">
              Enforcing every policy now would block{" "}
              <NumLink n={e.total} params={{ ...base, actual_decision: "deny,step_up,defer" }} strong /> of{" "}
              <NumLink n={s.total} params={base} /> requests seen —{" "}
              <NumLink n={e.newly_blocked} params={{ ...base, would_block: "true" }} strong /> of them pass
              today.
            </p>
            <p class={benign > 0 ? "warn big2" : "ok big2"} data-testid="benign-answer">
              {benign > 0 ? "⚠ " : "✓ "}
              <NumLink
                n={benign}
                params={{ ...base, actual_decision: "deny,step_up,defer", label: "benign" }}
                strong
              />{" "}
              of them {benign === 1 ? "was" : "were"} labelled benign
              {" · "}attack{" "}
              <NumLink
                n={e.by_label.attack ?? 0}
                params={{ ...base, actual_decision: "deny,step_up,defer", label: "attack" }}
              />
              {" · "}unlabelled{" "}
              <NumLink
                n={e.by_label.none ?? 0}
                params={{ ...base, actual_decision: "deny,step_up,defer", label: "none" }}
              />
            </p>
            {g ? (
              <p data-testid="posture">
                Posture: {g.categories.filter((c) => !c.monitor_only).length} of {g.categories.length}{" "}
                categories have enforcing policies
                {g.categories.some((c) => c.monitor_only)
                  ? ` · still monitor-only: ${g.categories
                      .filter((c) => c.monitor_only)
                      .map((c) => c.category)
                      .join(", ")}`
                  : ""}
              </p>
            ) : null}
            <p class="muted">
              Traffic seen per mode:{" "}
              <ByMode
                counts={Object.fromEntries(Object.entries(s.by_mode).map(([m, v]) => [m, v.total]))}
                params={base}
              />
              {" · "}sessions <NumLink n={s.sessions} view="sessions" params={base} />
              {" · "}guard latency p50 {ms(s.latency_ms.p50)}, p95 {ms(s.latency_ms.p95)}
            </p>
          </>
        ) : (
          <p class="muted">{summary.error ?? "loading…"}</p>
        )}
      </section>
      <Panel
        title="Decisions over time"
        subtitle="per outcome; dashed: passed but enforcing would have blocked (click a bar for its rows)"
      >
        {series.data ? (
          <DecisionsChart data={series.data} params={base} />
        ) : (
          <p class="muted">{series.error ?? "loading…"}</p>
        )}
      </Panel>
      <Panel
        title="Go-live by category"
        subtitle="posture of each category's policies and what enforcing it would block"
      >
        {g ? (
          <table data-testid="category-table">
            <thead>
              <tr>
                <th>category</th>
                <th>posture</th>
                <th>fired, by request mode</th>
                <th class="r">enforcing would block</th>
                <th class="r">passes today</th>
                <th class="r">benign</th>
                <th class="r">attack</th>
                <th class="r">unlabelled</th>
              </tr>
            </thead>
            <tbody>
              {[...g.categories]
                .sort((a, b) => b.would_block.total - a.would_block.total)
                .map((c) => {
                  const p = { ...base, policy: c.policies.join(",") };
                  return (
                    <tr key={c.category}>
                      <td>{c.category}</td>
                      <td>
                        <Posture modes={c.policy_modes} />
                      </td>
                      <td>
                        <ByMode counts={c.fired_by_mode} params={p} />
                      </td>
                      <td class="r">
                        <NumLink n={c.would_block.total} params={p} strong />
                      </td>
                      <td class="r">
                        <NumLink
                          n={c.would_block.newly_blocked}
                          params={{ ...p, policy_enforced: "false" }}
                        />
                      </td>
                      <td class={`r${(c.would_block.by_label.benign ?? 0) > 0 ? " warn" : ""}`}>
                        <NumLink n={c.would_block.by_label.benign ?? 0} params={{ ...p, label: "benign" }} />
                      </td>
                      <td class="r">
                        <NumLink n={c.would_block.by_label.attack ?? 0} params={{ ...p, label: "attack" }} />
                      </td>
                      <td class="r">
                        <NumLink n={c.would_block.by_label.none ?? 0} params={{ ...p, label: "none" }} />
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        ) : (
          <p class="muted">{live.error ?? "loading…"}</p>
        )}
      </Panel>
      <Panel
        title="Go-live by policy"
        subtitle="each loaded policy: its own mode, where it fired, what enforcing it would block"
      >
        {g ? (
          <table data-testid="policy-table">
            <thead>
              <tr>
                <th>policy</th>
                <th>category</th>
                <th>decision</th>
                <th>policy mode</th>
                <th>fired, by request mode</th>
                <th class="r">enforcing would block</th>
                <th class="r">passes today</th>
                <th class="r">benign</th>
                <th class="r">attack</th>
              </tr>
            </thead>
            <tbody>
              {[...g.policies]
                .sort((a, b) => b.would_block.total - a.would_block.total)
                .map((p) => {
                  const q = { ...base, policy: p.policy_id };
                  return (
                    <tr key={p.policy_id} data-policy={p.policy_id}>
                      <td title={p.reason}>
                        <code>{p.policy_id}</code>
                      </td>
                      <td>{p.category}</td>
                      <td>{p.decision}</td>
                      <td>
                        <Posture modes={[p.policy_mode]} />
                      </td>
                      <td>
                        <ByMode counts={p.fired_by_mode} params={q} />
                      </td>
                      <td class="r">
                        <NumLink n={p.would_block.total} params={q} strong />
                      </td>
                      <td class="r">
                        <NumLink
                          n={p.would_block.newly_blocked}
                          params={{ ...q, policy_enforced: "false" }}
                        />
                      </td>
                      <td class={`r${(p.would_block.by_label.benign ?? 0) > 0 ? " warn" : ""}`}>
                        <NumLink n={p.would_block.by_label.benign ?? 0} params={{ ...q, label: "benign" }} />
                      </td>
                      <td class="r">
                        <NumLink n={p.would_block.by_label.attack ?? 0} params={{ ...q, label: "attack" }} />
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        ) : null}
      </Panel>
    </div>
  );
}
