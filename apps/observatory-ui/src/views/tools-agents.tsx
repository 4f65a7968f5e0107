import { type AgentRow, getJson, type Params, type Summary, type ToolRow } from "../api.js";
import { useData } from "../live.js";
import { clock, ms, NumLink, Panel, pct } from "../ui.js";

/** Tools with block rates, and the agent inventory. */
export function ToolsView({ base, version }: { base: Params; version: number }) {
  const tools = useData(() => getJson<{ tools: ToolRow[] }>("tools", base), [version, base]);
  const agents = useData(() => getJson<{ agents: AgentRow[] }>("agents", base), [version, base]);
  const calls = useData(
    () => getJson<Summary>("summary", { ...base, content_type: "tool_call" }),
    [version, base],
  );
  const c = calls.data;
  const toolList = tools.data?.tools ?? [];
  return (
    <div class="view">
      {c ? (
        <p class="answer" data-testid="tool-totals">
          Tool calls <NumLink n={c.total} params={{ ...base, content_type: "tool_call" }} strong /> · unique
          tools {toolList.length} · blocked{" "}
          <NumLink
            n={c.by_outcome.blocked ?? 0}
            params={{ ...base, content_type: "tool_call", outcome: "blocked" }}
          />{" "}
          ({pct(c.total ? (c.by_outcome.blocked ?? 0) / c.total : 0)}) · enforcing would add{" "}
          <NumLink n={c.would_block} params={{ ...base, content_type: "tool_call", would_block: "true" }} /> ·
          p50 {ms(c.latency_ms.p50)}, p95 {ms(c.latency_ms.p95)}
        </p>
      ) : null}
      <Panel title="Tools" subtitle="per tool: calls, block rate, and what enforcing would add">
        <table data-testid="tools-table">
          <thead>
            <tr>
              <th>tool</th>
              <th class="r">calls</th>
              <th class="r">blocked</th>
              <th class="r">block rate</th>
              <th class="r">would block</th>
              <th class="r">would-block rate</th>
              <th>agents</th>
              <th class="r">p50</th>
              <th class="r">p95</th>
            </tr>
          </thead>
          <tbody>
            {toolList.map((t) => (
              <tr key={t.tool}>
                <td>
                  <code>{t.tool}</code>
                </td>
                <td class="r">
                  <NumLink n={t.calls} params={{ ...base, tool: t.tool }} />
                </td>
                <td class="r">
                  <NumLink n={t.blocked} params={{ ...base, tool: t.tool, outcome: "blocked" }} />
                </td>
                <td class="r">{pct(t.block_rate)}</td>
                <td class="r">
                  <NumLink n={t.would_block} params={{ ...base, tool: t.tool, would_block: "true" }} />
                </td>
                <td class="r">{pct(t.would_block_rate)}</td>
                <td>{t.agents.join(", ")}</td>
                <td class="r">{ms(t.latency_ms.p50)}</td>
                <td class="r">{ms(t.latency_ms.p95)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel
        title="Agents"
        subtitle="every calling identity (token subject), with its ZeroID name, type and delegation"
      >
        <table data-testid="agents-table">
          <thead>
            <tr>
              <th>agent</th>
              <th>type</th>
              <th>subject</th>
              <th class="r">events</th>
              <th class="r">sessions</th>
              <th class="r">tool calls</th>
              <th class="r">blocked</th>
              <th class="r">block rate</th>
              <th class="r">would block</th>
              <th>delegation</th>
              <th>last seen</th>
            </tr>
          </thead>
          <tbody>
            {(agents.data?.agents ?? []).map((a) => (
              <tr key={a.sub}>
                <td>{a.agent_name ?? "—"}</td>
                <td>{a.identity_type ?? "—"}</td>
                <td>
                  <code class="sub">{a.sub}</code>
                </td>
                <td class="r">
                  <NumLink n={a.events} params={{ ...base, sub: a.sub }} />
                </td>
                <td class="r">
                  <NumLink n={a.sessions} view="sessions" params={{ sub: a.sub }} />
                </td>
                <td class="r">
                  <NumLink n={a.tool_calls} params={{ ...base, sub: a.sub, content_type: "tool_call" }} />
                </td>
                <td class="r">
                  <NumLink n={a.blocked} params={{ ...base, sub: a.sub, outcome: "blocked" }} />
                </td>
                <td class="r">{pct(a.block_rate)}</td>
                <td class="r">
                  <NumLink n={a.would_block} params={{ ...base, sub: a.sub, would_block: "true" }} />
                </td>
                <td>
                  {a.max_delegation_depth > 0
                    ? `depth ${a.max_delegation_depth} by ${a.delegated_by.join(", ")}`
                    : "direct"}
                </td>
                <td>{clock(a.last_seen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
