/**
 * `@highflame/integrations/otel`: OpenTelemetry spans and metrics for Highflame clients and ZeroID verifiers.
 * `@opentelemetry/api` is an optional peer dependency that this subpath needs (install it); nothing here is
 * loaded, and nothing runs, unless you import it and call {@link instrumentHighflame}.
 *
 * @packageDocumentation
 */

export { ATTR, INSTRUMENTATION_SCOPE, METRIC } from "./attributes.js";
export {
  type HighflameInstrumentation,
  type InstrumentableClient,
  instrumentHighflame,
  instrumentVerifier,
} from "./instrument.js";
export { DEFAULT_MAX_CONTENT_LENGTH, type HighflameInstrumentationOptions } from "./options.js";
