import { useMemo, useState } from "preact/hooks";
import { useLive } from "./live.js";
import { href, useRoute, type View } from "./route.js";
import { GoLiveView } from "./views/go-live.js";
import { PlaygroundView } from "./views/playground.js";
import { SessionsView } from "./views/sessions.js";
import { ThreatsView } from "./views/threats.js";
import { ToolsView } from "./views/tools-agents.js";

const TABS: { view: View; title: string }[] = [
  { view: "go-live", title: "Go-live" },
  { view: "threats", title: "Threats" },
  { view: "sessions", title: "Sessions" },
  { view: "tools", title: "Tools & Agents" },
  { view: "playground", title: "Playground" },
];

/** Time ranges of the header's selector, ms (0 = everything the store holds). */
const RANGES: Record<string, number> = {
  all: 0,
  "15m": 900_000,
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 604_800_000,
};

/** The observatory page. */
export function App() {
  const route = useRoute();
  const live = useLive();
  const [range, setRange] = useState("all");
  // Aggregated views count real traffic only; playground runs appear in Threats, tagged.
  const timeWindow = useMemo(
    (): Record<string, string> => (RANGES[range] ? { from: String(Date.now() - RANGES[range]!) } : {}),
    // A new evaluation slides the timeWindow too.
    [range, live.version],
  );
  const base = useMemo(() => ({ source: "api", ...timeWindow }), [timeWindow]);
  return (
    <div class="app">
      <header class="top">
        <h1>
          Highflame <span>Observatory</span> <small>local</small>
        </h1>
        <nav>
          {TABS.map((t) => (
            <a
              key={t.view}
              href={href(t.view)}
              class={route.view === t.view ? "active" : ""}
              aria-current={route.view === t.view ? "page" : undefined}
            >
              {t.title}
            </a>
          ))}
        </nav>
        <label class="range">
          time{" "}
          <select
            value={range}
            onChange={(e) => setRange((e.target as HTMLSelectElement).value)}
            data-testid="range"
          >
            {Object.keys(RANGES).map((r) => (
              <option key={r} value={r}>
                {r === "all" ? "all held" : `last ${r}`}
              </option>
            ))}
          </select>
        </label>
        <span class={`live ${live.status}`} data-testid="live-status" title="live feed (SSE)">
          ● {live.status}
        </span>
      </header>
      <main>
        {route.view === "go-live" ? <GoLiveView base={base} version={live.version} /> : null}
        {route.view === "threats" ? (
          <ThreatsView params={route.params} timeWindow={timeWindow} version={live.version} />
        ) : null}
        {route.view === "sessions" ? (
          <SessionsView params={route.params} base={base} version={live.version} />
        ) : null}
        {route.view === "tools" ? <ToolsView base={base} version={live.version} /> : null}
        {route.view === "playground" ? <PlaygroundView /> : null}
      </main>
    </div>
  );
}
