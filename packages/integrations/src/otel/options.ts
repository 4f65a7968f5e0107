import type { MeterProvider, TracerProvider } from "@opentelemetry/api";

/** Options of {@link instrumentHighflame} and {@link instrumentVerifier}. */
export interface HighflameInstrumentationOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`), a no-op until an SDK registers one. */
  tracerProvider?: TracerProvider | undefined;
  /** Where metrics go. Default: the global provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider | undefined;
  /**
   * Record the evaluated content and tool arguments on guard spans (secret-shaped strings are still redacted).
   * Off by default: prompts, tool arguments and tokens never reach telemetry unless you opt in.
   */
  captureContent?: boolean | undefined;
  /** Longest captured content, in characters (longer values are cut). Default 4 096. */
  maxContentLength?: number | undefined;
}

/** Default {@link HighflameInstrumentationOptions.maxContentLength}: 4 096 characters. */
export const DEFAULT_MAX_CONTENT_LENGTH = 4_096;
