import { getJson, type ObsEvent, type Params, type SessionRow } from "../api.js";
import { useData } from "../live.js";
import { href } from "../route.js";
import { clock, NumLink, Outcome, Panel, Tag } from "../ui.js";

function Timeline({ id, base, version }: { id: string; base: Params; version: number }) {
  const { data, error } = useData(
    () => getJson<{ session: SessionRow; timeline: ObsEvent[] }>(`sessions/${encodeURIComponent(id)}`, base),
    [id, version, base],
  );
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="muted">loading…</p>;
  const t0 = Date.parse(data.timeline[0]?.time ?? data.session.started);
  return (
    <Panel
      title={`Session ${id}`}
      subtitle={`agents: ${data.session.agents.join(", ")} · ${data.session.events} events · modes: ${data.session.modes.join(", ")}`}
    >
      <ol class="timeline" data-testid="session-timeline">
        {data.timeline.map((e, i) => (
          <li key={e.id} data-outcome={e.outcome}>
            <span class="step">{i + 1}</span>
            <span class="offset">+{((Date.parse(e.time) - t0) / 1000).toFixed(2)} s</span>
            <Outcome outcome={e.outcome} />
            <span class="what">
              {e.tool_name ? `tool ${e.tool_name}` : e.content_type} · {e.mode}
              {e.would_block ? <b class="warn"> · enforce would {e.actual_decision}</b> : null}
            </span>
            <span class="who">{e.identity.agent_name ?? e.identity.sub}</span>
            <span class="why">{e.determining_policies.map((p) => p.id).join(", ") || "no policy fired"}</span>
            <a class="link" href={href("threats", { ...base, session: id, event: e.id })}>
              details
            </a>
          </li>
        ))}
      </ol>
    </Panel>
  );
}

/** Sessions with their agents and violations; a selected session shows its timeline. */
export function SessionsView({ params, base, version }: { params: Params; base: Params; version: number }) {
  const sub = params.sub;
  const query = { ...base, limit: "500", ...(sub ? { sub } : {}) };
  const { data, error } = useData(
    () => getJson<{ total: number; sessions: SessionRow[] }>("sessions", query),
    [version, base, sub],
  );
  const selected = params.session;
  return (
    <div class="view two">
      <Panel title="Sessions" subtitle="keyed by session id; agents are the ZeroID identities that called">
        {error ? <p class="error">{error}</p> : null}
        <div class="table-scroll">
          <table data-testid="sessions-table">
            <thead>
              <tr>
                <th>session</th>
                <th>started</th>
                <th class="r">duration</th>
                <th>agents</th>
                <th class="r">turns</th>
                <th class="r">events</th>
                <th class="r">blocked</th>
                <th class="r">would block</th>
                <th>max severity</th>
                <th>status</th>
              </tr>
            </thead>
            <tbody>
              {(data?.sessions ?? []).map((s) => (
                <tr key={s.session_id} class={s.session_id === selected ? "selected" : ""}>
                  <td>
                    <a href={href("sessions", { ...(sub ? { sub } : {}), session: s.session_id })}>
                      {s.session_id}
                    </a>
                  </td>
                  <td>{clock(s.started)}</td>
                  <td class="r">{(s.duration_ms / 1000).toFixed(1)} s</td>
                  <td>{s.agents.join(", ")}</td>
                  <td class="r">
                    <NumLink
                      n={s.turns}
                      params={{ ...base, session: s.session_id, content_type: "prompt" }}
                    />
                  </td>
                  <td class="r">
                    <NumLink n={s.events} params={{ ...base, session: s.session_id }} />
                  </td>
                  <td class="r">
                    <NumLink n={s.blocked} params={{ ...base, session: s.session_id, outcome: "blocked" }} />
                  </td>
                  <td class="r">
                    <NumLink
                      n={s.would_block}
                      params={{ ...base, session: s.session_id, would_block: "true" }}
                    />
                  </td>
                  <td>{s.max_severity ?? "—"}</td>
                  <td>
                    <Tag tone={s.status === "clean" ? "ok" : "warn"}>{s.status.replace("_", " ")}</Tag>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {selected ? (
        <Timeline id={selected} base={base} version={version} />
      ) : (
        <p class="muted pad">Pick a session to see its timeline.</p>
      )}
    </div>
  );
}
