import type { ComponentChildren } from "preact";
import { href, type View } from "./route.js";

/** Colours of the outcomes (also used by the chart). */
export const OUTCOME_COLORS: Record<string, string> = {
  blocked: "#d64545",
  alerted: "#e08a1e",
  monitored: "#d4b106",
  modified: "#7c5cd6",
  allowed: "#3f9b6b",
  detected: "#4a7fd4",
  clean: "#9aa5b1",
};

/** A count that links to the rows behind it (a zero is shown plain). */
export function NumLink(props: {
  n: number;
  view?: View;
  params: Record<string, string | undefined>;
  title?: string;
  strong?: boolean;
}) {
  const text = props.n.toLocaleString("en");
  if (props.n === 0) return <span class="num zero">0</span>;
  return (
    <a
      class={`num${props.strong ? " strong" : ""}`}
      href={href(props.view ?? "threats", props.params)}
      title={props.title ?? "show these rows"}
    >
      {text}
    </a>
  );
}

/** An outcome as a coloured badge. */
export function Outcome({ outcome }: { outcome: string }) {
  return (
    <span class="badge" style={{ background: OUTCOME_COLORS[outcome] ?? "#777" }}>
      {outcome}
    </span>
  );
}

/** A small grey label. */
export function Tag({ children, tone }: { children: ComponentChildren; tone?: "warn" | "ok" | "muted" }) {
  return <span class={`tag ${tone ?? ""}`}>{children}</span>;
}

/** A titled panel. */
export function Panel(props: { title: string; subtitle?: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="panel" id={props.id} aria-label={props.title}>
      <header>
        <h2>{props.title}</h2>
        {props.subtitle ? <p class="sub">{props.subtitle}</p> : null}
      </header>
      {props.children}
    </section>
  );
}

/** Time of day with seconds. */
export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString("en-GB", { hour12: false });
}

/** A 0..1 rate as a percentage. */
export function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Milliseconds as text. */
export function ms(n: number): string {
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}
