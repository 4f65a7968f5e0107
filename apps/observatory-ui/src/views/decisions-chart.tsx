import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { Timeseries } from "../api.js";
import { href } from "../route.js";
import { clock, OUTCOME_COLORS } from "../ui.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

const SERIES = ["blocked", "alerted", "monitored", "modified", "allowed", "detected"];

/**
 * Decisions over time: stacked bars per outcome and the would-have-blocked line. Clicking a bar opens the
 * threats table for that bucket and outcome.
 */
export function DecisionsChart({ data, params }: { data: Timeseries; params: Record<string, string> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const labels = data.buckets.map((b) => clock(b.start));
    const present = SERIES.filter((s) => data.buckets.some((b) => (b.by_outcome[s] ?? 0) > 0));
    const datasets = [
      ...present.map((s) => ({
        type: "bar" as const,
        label: s,
        data: data.buckets.map((b) => b.by_outcome[s] ?? 0),
        backgroundColor: OUTCOME_COLORS[s],
        stack: "outcome",
        order: 2,
      })),
      {
        type: "line" as const,
        label: "would have blocked",
        data: data.buckets.map((b) => b.would_block),
        borderColor: "#111827",
        backgroundColor: "#111827",
        borderDash: [6, 4],
        pointRadius: 3,
        tension: 0,
        order: 1,
      },
    ];
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, {
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        onClick: (_event, elements) => {
          const el = elements[0];
          if (!el) return;
          const bucket = data.buckets[el.index];
          if (!bucket) return;
          const start = Date.parse(bucket.start);
          const ds = datasets[el.datasetIndex];
          const extra = ds?.type === "line" ? { would_block: "true" } : { outcome: ds?.label };
          location.hash = href("threats", {
            ...params,
            from: String(start),
            to: String(start + data.bucket_ms),
            ...extra,
          });
        },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [data, params]);
  return (
    <div class="chart" data-testid="decisions-chart">
      <canvas ref={canvas} aria-label="decisions over time" role="img" />
    </div>
  );
}
