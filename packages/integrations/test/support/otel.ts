import { type Attributes, context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

/** The real OpenTelemetry SDK wired to in-memory exporters. */
export interface OtelHarness {
  spans: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  /** Spans finished so far, optionally only those named `name`. */
  finished(name?: string): ReadableSpan[];
  /** Collects metrics now and returns the data points of `name`. */
  points(name: string): Promise<DataPoint<number | Histogram>[]>;
  reset(): void;
  shutdown(): Promise<void>;
}

/** Starts the harness; registers an AsyncLocalStorage context manager so parent/child links can be asserted. */
export function startOtel(): OtelHarness {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    spans,
    tracerProvider,
    meterProvider,
    finished: (name) => spans.getFinishedSpans().filter((s) => name === undefined || s.name === name),
    async points(name) {
      metricExporter.reset();
      await reader.forceFlush();
      const all = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
      return all
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints as DataPoint<number | Histogram>[]);
    },
    reset: () => spans.reset(),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
      trace.disable();
    },
  };
}

/** Everything a span exposes, as one string, to prove something never appears in telemetry. */
export function dump(spans: ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((s) => ({
      name: s.name,
      attributes: s.attributes as Attributes,
      status: s.status,
      events: s.events,
    })),
  );
}
