import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { HTTP_CALL_CHANNEL, type HttpCallMessage, redactText, VERSION } from "@highflame/core";
import {
  type Attributes,
  type Context,
  type Counter,
  context,
  createNoopMeter,
  type Histogram,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { ATTR, INSTRUMENTATION_SCOPE, METRIC } from "./attributes.js";
import { DEFAULT_MAX_CONTENT_LENGTH, type HighflameInstrumentationOptions } from "./options.js";

/** The operation in progress in this async context. @internal */
export interface OperationScope {
  telemetry: Telemetry;
  operation: string;
  span: Span;
  /** Ops whose own HTTP call is a token-endpoint call (so it is not reported as a nested exchange). */
  ownsTokenCall: boolean;
}

const scopes = new AsyncLocalStorage<OperationScope>();
let subscribers = 0;

const isTokenCall = (message: HttpCallMessage) =>
  message.method === "POST" && /\/oauth2\/token$/.test(message.url);

function onHttpCall(raw: unknown): void {
  const scope = scopes.getStore();
  if (!scope) return;
  const message = raw as HttpCallMessage;
  if (isTokenCall(message) && !scope.ownsTokenCall) scope.telemetry.tokenExchange(scope, message);
  else scope.span.setAttributes(httpAttributes(message));
}

function httpAttributes(message: HttpCallMessage): Attributes {
  const attributes: Attributes = {
    [ATTR.httpMethod]: message.method,
    [ATTR.url]: message.url,
    [ATTR.attempts]: message.attempts,
    [ATTR.retries]: message.retries,
  };
  if (message.status !== undefined) attributes[ATTR.httpStatus] = message.status;
  if (message.requestId !== undefined) attributes[ATTR.requestId] = message.requestId;
  return attributes;
}

/** Name of an error for `error.type`: its stable `code` when it has one, else its class name. @internal */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code !== "") return code;
  return (error as Error | null)?.name ?? typeof error;
}

/** A redacted message of any thrown value. @internal */
export function errorMessage(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}

/** Per-instrumentation tracer, meter and the span/metric plumbing shared by the wrappers. @internal */
export class Telemetry {
  readonly tracer: Tracer;
  readonly captureContent: boolean;
  readonly maxContentLength: number;
  readonly #decisions: Counter;
  readonly #duration: Histogram;
  /** False when the meter is the API's no-op (no meter provider given or registered): metrics cost nothing. */
  readonly #metricsOn: boolean;
  #active = true;

  constructor(options: HighflameInstrumentationOptions = {}) {
    const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
    const meterProvider = options.meterProvider ?? metrics.getMeterProvider();
    this.tracer = tracerProvider.getTracer(INSTRUMENTATION_SCOPE, VERSION);
    const meter = meterProvider.getMeter(INSTRUMENTATION_SCOPE, VERSION);
    this.#metricsOn = meter !== createNoopMeter();
    this.#decisions = meter.createCounter(METRIC.decisions, {
      description: "Shield guard decisions, by decision, mode and content type",
      unit: "{decision}",
    });
    this.#duration = meter.createHistogram(METRIC.duration, {
      description: "Duration of Highflame SDK operations (all retries included)",
      unit: "s",
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] },
    });
    this.captureContent = options.captureContent === true;
    this.maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
    if (subscribers++ === 0) subscribe(HTTP_CALL_CHANNEL, onHttpCall);
  }

  /** Stops listening to the HTTP call channel (once every instrumentation is gone). Idempotent. */
  dispose(): void {
    if (!this.#active) return;
    this.#active = false;
    if (--subscribers === 0) unsubscribe(HTTP_CALL_CHANNEL, onHttpCall);
  }

  /** Text for a content attribute: secret-shaped values redacted, cut to `maxContentLength`. */
  content(text: string): string {
    const clean = redactText(text);
    return clean.length > this.maxContentLength ? `${clean.slice(0, this.maxContentLength)}…` : clean;
  }

  /** Starts a CLIENT (or given kind) span for `operation` as a child of the active context. */
  startSpan(operation: string, attributes: Attributes, kind: SpanKind = SpanKind.CLIENT): Span {
    return this.tracer.startSpan(`highflame.${operation}`, {
      kind,
      attributes: { [ATTR.operation]: operation, ...attributes },
    });
  }

  /**
   * Runs `fn` as `operation`: span active for nested instrumentation, HTTP facts from the diagnostics channel,
   * errors as span status, duration recorded. `onResult` adds attributes from the result. A call made while
   * another operation of the same family runs (e.g. `issueApiKey` calling `issue`) is not wrapped again.
   */
  async run<T>(
    operation: string,
    attributes: Attributes,
    fn: () => Promise<T>,
    hooks: {
      onResult?: ((result: T, span: Span) => void) | undefined;
      onError?: ((error: unknown, span: Span) => void) | undefined;
      kind?: SpanKind | undefined;
      ownsTokenCall?: boolean | undefined;
      /** Ends the span later (streams): return true to keep it open after `fn` resolves. */
      keepOpen?: ((result: T) => boolean) | undefined;
    } = {},
  ): Promise<T> {
    const span = this.startSpan(operation, attributes, hooks.kind);
    // Tracing and metrics both off (the API's no-op providers): run the call as if not instrumented, so an installed
    // but disabled integration adds no context switch, no AsyncLocalStorage scope and no attribute work.
    if (!this.#metricsOn && !span.isRecording()) return fn();
    const started = performance.now();
    const scope: OperationScope = {
      telemetry: this,
      operation,
      span,
      ownsTokenCall: hooks.ownsTokenCall ?? false,
    };
    const ctx: Context = trace.setSpan(context.active(), span);
    try {
      const result = await scopes.run(scope, () => context.with(ctx, fn));
      try {
        hooks.onResult?.(result, span);
      } catch {
        // attribute extraction must never break the caller
      }
      if (hooks.keepOpen?.(result)) return result;
      this.finish(span, operation, started);
      return result;
    } catch (error) {
      hooks.onError?.(error, span);
      this.finish(span, operation, started, error);
      throw error;
    }
  }

  /** Ends `span`, recording the error (as status and exception event) and the duration. */
  finish(span: Span, operation: string, started: number, error?: unknown): void {
    const attributes: Attributes = { [ATTR.operation]: operation };
    if (error !== undefined) {
      const type = errorType(error);
      attributes[ATTR.errorType] = type;
      const message = errorMessage(error);
      span.setAttribute(ATTR.errorType, type);
      span.recordException({ name: (error as Error)?.name ?? "Error", message });
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    span.end();
    this.#duration.record((performance.now() - started) / 1000, attributes);
  }

  /** Counts one guard decision. */
  countDecision(attributes: { decision: string; mode: string; contentType: string }): void {
    this.#decisions.add(1, {
      [ATTR.decision]: attributes.decision,
      [ATTR.mode]: attributes.mode,
      [ATTR.contentType]: attributes.contentType,
    });
  }

  /** Reports a token-endpoint call made inside another operation as a child `auth.token_exchange` span. */
  tokenExchange(parent: OperationScope, message: HttpCallMessage): void {
    const endTime = performance.timeOrigin + performance.now();
    const span = this.tracer.startSpan(
      "highflame.auth.token_exchange",
      {
        kind: SpanKind.CLIENT,
        startTime: endTime - message.durationMs,
        attributes: { [ATTR.operation]: "auth.token_exchange", ...httpAttributes(message) },
      },
      trace.setSpan(context.active(), parent.span),
    );
    if (message.error !== undefined) {
      const type = errorType(message.error);
      span.setAttribute(ATTR.errorType, type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(message.error) });
    }
    span.end(endTime);
    const attributes: Attributes = { [ATTR.operation]: "auth.token_exchange" };
    if (message.error !== undefined) attributes[ATTR.errorType] = errorType(message.error);
    this.#duration.record(message.durationMs / 1000, attributes);
  }
}

/** The operation scope of the current async context, if any. @internal */
export function currentScope(): OperationScope | undefined {
  return scopes.getStore();
}
