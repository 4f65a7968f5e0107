import { getJson, type ObsEvent, type Params } from "../api.js";
import { useData } from "../live.js";
import { href } from "../route.js";
import { clock, Outcome, Panel, Tag } from "../ui.js";
import { EventDetail } from "./event-detail.js";

const FACETS: { key: string; param: string; title: string }[] = [
  { key: "outcome", param: "outcome", title: "Decision" },
  { key: "mode", param: "mode", title: "Mode" },
  { key: "category", param: "category", title: "Category" },
  { key: "policy", param: "policy", title: "Policy" },
  { key: "content_type", param: "content_type", title: "Event type" },
  { key: "label", param: "label", title: "Label" },
  { key: "agent", param: "agent", title: "Agent" },
  { key: "tool", param: "tool", title: "Tool" },
  { key: "severity", param: "severity", title: "Severity" },
  { key: "source", param: "source", title: "Source" },
];

/** Filter parameters the threats view understands (the rest of the route is the selection). */
const NON_FILTERS = new Set(["event"]);

function filtersOf(params: Params): Params {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !NON_FILTERS.has(k)));
}

function toggle(params: Params, param: string, value: string): string {
  const current = params[param]?.split(",").filter(Boolean) ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => k !== param && k !== "event"));
  return href("threats", { ...rest, [param]: next.join(",") });
}

/** The threats table with its facets and the detail panel of the selected row. */
export function ThreatsView({
  params,
  timeWindow,
  version,
}: {
  params: Params;
  timeWindow: Params;
  version: number;
}) {
  const filters = filtersOf(params);
  // The header's time range applies unless the address names its own.
  const apiFilters = { ...timeWindow, ...filters };
  const key = JSON.stringify(apiFilters);
  const facets = useData(
    () => getJson<Record<string, Record<string, number>>>("facets", apiFilters),
    [version, key],
  );
  const list = useData(
    () => getJson<{ total: number; events: ObsEvent[] }>("events", { ...apiFilters, limit: "200" }),
    [version, key],
  );
  const rows = list.data?.events ?? [];
  const selected = params.event;
  const chips = Object.entries(filters);
  return (
    <div class="threats">
      <aside class="facets" aria-label="facets">
        {FACETS.map((f) => {
          const counts = facets.data?.[f.key] ?? {};
          const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
          if (entries.length === 0) return null;
          const active = filters[f.param]?.split(",") ?? [];
          return (
            <div class="facet" key={f.key}>
              <h3>{f.title}</h3>
              {entries.map(([value, n]) => (
                <a
                  key={value}
                  class={`facet-value${active.includes(value) ? " active" : ""}`}
                  href={toggle(filters, f.param, value)}
                  data-facet={`${f.param}=${value}`}
                >
                  <span>{value}</span>
                  <span class="count">{n}</span>
                </a>
              ))}
            </div>
          );
        })}
      </aside>
      <div class="threats-main">
        <Panel
          title="Threats"
          subtitle="every recorded evaluation, newest first; click a row for its explain output"
        >
          <div class="chips">
            <span data-testid="row-count">
              {list.data
                ? `${rows.length === list.data.total ? rows.length : `${rows.length} of ${list.data.total}`} rows`
                : "…"}
            </span>
            {chips.map(([k, v]) => (
              <a
                class="chip"
                key={k}
                href={href("threats", Object.fromEntries(chips.filter(([x]) => x !== k)))}
                title="remove filter"
              >
                {k}: {v} ✕
              </a>
            ))}
            {chips.length > 0 ? <a href="#threats">clear all</a> : null}
          </div>
          {list.error ? <p class="error">{list.error}</p> : null}
          <div class="table-scroll">
            <table data-testid="threats-table">
              <thead>
                <tr>
                  <th>time</th>
                  <th>decision</th>
                  <th>mode</th>
                  <th>enforce would</th>
                  <th>category</th>
                  <th>policy</th>
                  <th>event</th>
                  <th>agent</th>
                  <th>session</th>
                  <th>label</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr
                    key={e.id}
                    class={e.id === selected ? "selected" : ""}
                    onClick={() => {
                      location.hash = href("threats", { ...filters, event: e.id });
                    }}
                  >
                    <td>{clock(e.time)}</td>
                    <td>
                      <Outcome outcome={e.outcome} />
                    </td>
                    <td>{e.mode}</td>
                    <td>{e.would_block ? <b>{e.actual_decision}</b> : (e.actual_decision ?? "—")}</td>
                    <td>{e.categories.join(", ") || "—"}</td>
                    <td class="cut" title={e.determining_policies.map((p) => p.id).join(", ")}>
                      {e.determining_policies.map((p) => p.id).join(", ") || "—"}
                    </td>
                    <td>
                      {e.tool_name ? `tool ${e.tool_name}` : e.content_type}
                      {e.source === "playground" ? <Tag tone="muted">playground</Tag> : null}
                    </td>
                    <td class="cut" title={e.identity.sub}>
                      {e.identity.agent_name ?? e.identity.sub}
                    </td>
                    <td class="cut" title={e.session_id}>
                      {e.session_id ? (
                        <a
                          href={href("sessions", { session: e.session_id })}
                          onClick={(ev) => ev.stopPropagation()}
                        >
                          {e.session_id}
                        </a>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      {e.label ? (
                        <Tag tone={e.label === "benign" ? "ok" : e.label === "attack" ? "warn" : undefined}>
                          {e.label}
                        </Tag>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      </div>
      {selected ? <EventDetail id={selected} close={href("threats", filters)} /> : null}
    </div>
  );
}
