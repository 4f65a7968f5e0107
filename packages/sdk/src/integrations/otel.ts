/**
 * `@highflame/sdk/integrations/otel`: re-exports `@highflame/integrations/otel` (OpenTelemetry spans and metrics
 * for Highflame clients; needs the optional peer `@opentelemetry/api`).
 *
 * @packageDocumentation
 */

export {
  ATTR,
  DEFAULT_MAX_CONTENT_LENGTH,
  type HighflameInstrumentation,
  type HighflameInstrumentationOptions,
  INSTRUMENTATION_SCOPE,
  type InstrumentableClient,
  instrumentHighflame,
  instrumentVerifier,
  METRIC,
} from "@highflame/integrations/otel";
