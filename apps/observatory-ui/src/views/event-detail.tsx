import { getJson, type ObsEvent } from "../api.js";
import { useData } from "../live.js";
import { href } from "../route.js";
import { clock, ms, Outcome } from "../ui.js";

/** The detail panel of one evaluation: explain output, detectors, policies, identity, metadata, content. */
export function EventDetail({ id, close }: { id: string; close: string }) {
  const { data: e, error } = useData(() => getJson<ObsEvent>(`events/${encodeURIComponent(id)}`), [id]);
  return (
    <aside class="detail" aria-label="event detail" data-testid="event-detail">
      <a class="close" href={close} title="close">
        ✕
      </a>
      {error ? <p class="error">{error}</p> : null}
      {e ? (
        <>
          <h2>
            <Outcome outcome={e.outcome} /> {e.decision ?? e.endpoint}
            {e.would_block ? <span class="warn"> · enforce would {e.actual_decision}</span> : null}
          </h2>
          <p class="summary">{e.explanation.summary}</p>
          <dl>
            <dt>time</dt>
            <dd>
              {clock(e.time)} · {ms(e.latency_ms)}
            </dd>
            <dt>mode</dt>
            <dd>
              requested {e.requested_mode ?? "(none → enforce)"} · effective {e.effective_mode ?? "—"}
            </dd>
            <dt>event</dt>
            <dd>
              {e.endpoint} · {e.content_type}
              {e.action ? ` · ${e.action}` : ""}
              {e.tool_name ? ` · tool ${e.tool_name}` : ""}
            </dd>
            <dt>caller</dt>
            <dd>
              {e.identity.agent_name ? <b>{e.identity.agent_name} </b> : null}
              <code>{e.identity.sub}</code>
              {e.identity.identity_type ? ` (${e.identity.identity_type})` : ""}
              {e.identity.delegation_depth > 0
                ? ` · delegated depth ${e.identity.delegation_depth} by ${e.identity.delegated_by ?? "?"}`
                : ""}
            </dd>
            <dt>session</dt>
            <dd>
              {e.session_id ? <a href={href("sessions", { session: e.session_id })}>{e.session_id}</a> : "—"}
            </dd>
            <dt>ids</dt>
            <dd>
              <code>{e.request_id}</code>
              {e.audit_id ? (
                <>
                  {" "}
                  · audit <code>{e.audit_id}</code>
                </>
              ) : null}
            </dd>
          </dl>
          <h3>Policies</h3>
          {e.determining_policies.length === 0 ? (
            <p class="muted">none fired</p>
          ) : (
            <ul>
              {e.determining_policies.map((p) => (
                <li key={p.id}>
                  <code>{p.id}</code> → {p.decision} ({p.mode} policy,{" "}
                  {p.enforced ? "enforced" : "not enforced"})
                </li>
              ))}
            </ul>
          )}
          <h3>Root causes</h3>
          {e.explanation.root_causes.length === 0 ? (
            <p class="muted">none</p>
          ) : (
            <ul>
              {e.explanation.root_causes.map((c, i) => (
                <li key={i}>
                  <code>{c.policy_id}</code>: {c.description}
                  {c.detector ? ` — ${c.detector} ${c.score?.toFixed(2)}` : ""}
                </li>
              ))}
            </ul>
          )}
          <h3>Detectors</h3>
          {e.detectors.length === 0 ? (
            <p class="muted">none fired</p>
          ) : (
            <table>
              <tbody>
                {e.detectors.map((d) => (
                  <tr key={d.name}>
                    <td>{d.name}</td>
                    <td>{d.category}</td>
                    <td>{d.severity}</td>
                    <td class="r">
                      <meter min={0} max={1} value={d.score} /> {d.score.toFixed(2)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {e.metadata ? (
            <>
              <h3>Metadata</h3>
              <pre>{JSON.stringify(e.metadata, null, 2)}</pre>
            </>
          ) : null}
          <h3>Content (redacted)</h3>
          {e.content !== undefined ? (
            <pre class="content">{e.content}</pre>
          ) : (
            <p class="muted">not kept (content recording is off)</p>
          )}
        </>
      ) : null}
    </aside>
  );
}
