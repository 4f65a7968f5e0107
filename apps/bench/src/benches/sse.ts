import { performance } from "node:perf_hooks";
import { SSEDecoder } from "@highflame/core";
import type { Benchmark } from "../benchmark.js";
import { type BenchCase, measure } from "../measure.js";
import { NaiveSseParser } from "../naive-sse.js";
import type { Check } from "../report.js";

/** Events in the generated stream. */
export const SSE_EVENTS = 20_000;
/** Characters per chunk fed to the parsers (small, like network reads of a token stream). */
const CHUNK_SIZE = 64;

/** A guard-stream-like event stream: named events, ids, comments, some two-line data. */
function buildStream(events: number): string {
  const parts: string[] = [": stream start\n\n"];
  for (let i = 0; i < events; i++) {
    const name = i % 10 === 9 ? "decision" : "detector_result";
    const data =
      i % 5 === 0
        ? `{"detector":"pii","index":${i},\n"score":0.${i % 97}}`
        : `{"detector":"injection","index":${i},"score":0.${i % 89},"latency_ms":${i % 13}}`;
    parts.push(`event: ${name}\nid: ${i}\n${data.replace(/^|\n/g, (m) => `${m}data: `)}\n\n`);
  }
  return parts.join("");
}

function chunk(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

interface ParseResult {
  count: number;
  dataChars: number;
  lastId: string | undefined;
}

function parseWithDecoder(chunks: readonly string[]): ParseResult {
  const decoder = new SSEDecoder();
  let count = 0;
  let dataChars = 0;
  let lastId: string | undefined;
  for (const c of chunks) {
    for (const event of decoder.push(c)) {
      count++;
      dataChars += event.data.length;
      lastId = event.id;
    }
  }
  decoder.end();
  return { count, dataChars, lastId };
}

function parseNaive(chunks: readonly string[]): ParseResult {
  const parser = new NaiveSseParser();
  let count = 0;
  let dataChars = 0;
  let lastId: string | undefined;
  for (const c of chunks) {
    for (const event of parser.push(c)) {
      count++;
      dataChars += event.data.length;
      lastId = event.id;
    }
  }
  return { count, dataChars, lastId };
}

/** core's `SSEDecoder` vs a split-on-blank-line parser over the same chunked stream. */
export const sseBenchmark: Benchmark = {
  name: "sse",
  title: `SSEDecoder vs naive split("\\n\\n") parser: ${SSE_EVENTS.toLocaleString("en-US")} events in ${CHUNK_SIZE}-char chunks`,
  async run(_env, { quick }) {
    const chunks = chunk(buildStream(SSE_EVENTS), CHUNK_SIZE);
    const decoded = parseWithDecoder(chunks);
    const naive = parseNaive(chunks);
    const checks: Check[] = [
      {
        name: "event counts (SSEDecoder / naive)",
        ok: decoded.count === SSE_EVENTS && naive.count === decoded.count,
        detail: `${decoded.count} / ${naive.count} of ${SSE_EVENTS}`,
      },
      {
        name: "same data and last id",
        ok: decoded.dataChars === naive.dataChars && decoded.lastId === naive.lastId,
        detail: `${decoded.dataChars} / ${naive.dataChars} data chars, last id ${decoded.lastId} / ${naive.lastId}`,
      },
    ];
    // One unit = one event; a round parses the whole stream (time per event = round time / events).
    const round = (parse: (c: readonly string[]) => ParseResult) => async () => {
      const started = performance.now();
      const { count } = parse(chunks);
      return { ms: (performance.now() - started) / count };
    };
    const cases: BenchCase[] = [
      { name: "naive split parser", group: "sse", baseline: true, opsPerUnit: 1, round: round(parseNaive) },
      {
        name: "core SSEDecoder",
        group: "sse",
        baseline: false,
        opsPerUnit: 1,
        round: round(parseWithDecoder),
      },
    ];
    const results = await measure(cases, { warmup: quick ? 2 : 5, rounds: quick ? 5 : 15 });
    return { name: this.name, title: this.title, cases: results, checks };
  },
};
