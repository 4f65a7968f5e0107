import type { z } from "zod";
import { type CallControl, connectionMessage, pause } from "./call-control.js";
import { type CallState, callMessage, newCallState } from "./call-diagnostics.js";
import { type APIError, makeAPIError } from "./errors/api-error.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  RedirectError,
  ResponseTooLargeError,
} from "./errors/client-errors.js";
import { HighflameError } from "./errors/highflame-error.js";
import { type SdkLogger, toSdkLogger } from "./logger.js";
import { checkOption } from "./option-validation.js";
import { currentPlatform, type Platform } from "./platform.js";
import { redactHeaders, requestSecrets, scrubSecrets } from "./redact.js";
import { isRedirect, nextRedirectTarget } from "./redirect-policy.js";
import { encodeBody, HeaderBuilder } from "./request-encoding.js";
import type { APIResponse, HttpClientOptions, RequestSpec } from "./request-options.js";
import { type RequestTarget, TargetBuilder } from "./request-target.js";
import { DEFAULT_MAX_RETRIES, isRetryableResponse, retryDelayMs } from "./retry-policy.js";
import { SSEStream } from "./sse/stream.js";
import { type AttemptSlot, cancelAttempt, type IncomingResponse } from "./transport/types.js";
import { checkTransportChoice, Transport } from "./transport.js";
import { normalizeBaseUrl } from "./url.js";
import { parseResponse } from "./validation.js";
import { VERSION } from "./version.js";

/** Default per-attempt timeout (and, for streams, the longest wait between two events): 60 s. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default cap on a successful response body: 10 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Default cap on an error response body: 64 KiB (past it only the first 1 KiB is kept). */
export const DEFAULT_MAX_ERROR_BODY_BYTES = 64 * 1024;

const NODE_VERSION = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
/** Default `User-Agent`. */
export const USER_AGENT = `highflame-sdk-ts/${VERSION}${NODE_VERSION ? ` node/${NODE_VERSION}` : ""}`;

class AttemptTimeout extends Error {}
class DeadlineExceeded extends Error {}
class CallerAbort extends Error {}

function onAttemptTimer(slot: AttemptSlot, byDeadline: boolean): void {
  cancelAttempt(slot, byDeadline ? new DeadlineExceeded() : new AttemptTimeout());
}

type Finish<R> = (response: IncomingResponse, requestId: string | undefined, deadlineAt?: number) => R;

/**
 * The request loop shared by every Highflame client: JSON in and out, retries with jittered backoff and
 * `Retry-After`, per-attempt timeouts, an optional total deadline, caller cancellation, 401 refresh-once,
 * same-origin-only redirects, capped bodies, logging with redaction, diagnostics, and event streams.
 */
export class HttpClient implements AsyncDisposable {
  readonly baseUrl: string;
  readonly logger: SdkLogger;
  readonly transport: Transport;
  readonly #options: HttpClientOptions;
  readonly #ownsTransport: boolean;
  readonly #targets: TargetBuilder;
  readonly #headers: HeaderBuilder;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    checkOption(options.timeout, "timeout", "duration");
    checkOption(options.maxRetries, "maxRetries", "count");
    checkOption(options.deadline, "deadline", "duration");
    checkOption(options.maxResponseBytes, "maxResponseBytes", "bytes");
    checkOption(options.maxErrorBodyBytes, "maxErrorBodyBytes", "bytes");
    this.logger = toSdkLogger(options.logger, options.logLevel);
    this.#targets = new TargetBuilder(this.baseUrl);
    const userAgent = options.userAgentExtra ? `${USER_AGENT} ${options.userAgentExtra}` : USER_AGENT;
    this.#headers = new HeaderBuilder(userAgent, options.headers);
    checkTransportChoice(options);
    this.#ownsTransport = !options.transport;
    this.transport =
      options.transport ?? new Transport({ fetch: options.fetch, dispatcher: options.dispatcher });
  }

  /** The options this client was built with. */
  get options(): Readonly<HttpClientOptions> {
    return this.#options;
  }

  /** A client with some options replaced that shares this client's connection pool and logger. */
  withOptions(overrides: Partial<HttpClientOptions>): HttpClient {
    const relog = overrides.logger !== undefined || overrides.logLevel !== undefined;
    return new HttpClient({
      ...this.#options,
      // Reuse the already-wrapped logger unless the caller changes the sink or the level.
      logger: relog ? (overrides.logger ?? this.#options.logger) : this.logger,
      ...overrides,
      // The new client sends through this one's transport, which already holds any dispatcher or fetch.
      transport: this.transport,
      dispatcher: undefined,
      fetch: undefined,
    });
  }

  /** Sends a request and returns the parsed JSON body (validated by `schema` when given). */
  request<T = unknown>(spec: RequestSpec, schema?: z.ZodType<T>): Promise<T> {
    return this.#run(spec, false, (response, requestId) => jsonBody(response, requestId, schema));
  }

  /** Like {@link request}, with status, headers and request id. */
  requestWithResponse<T = unknown>(spec: RequestSpec, schema?: z.ZodType<T>): Promise<APIResponse<T>> {
    return this.#run(spec, false, (response, requestId) => ({
      data: jsonBody(response, requestId, schema),
      status: response.status,
      headers: response.headers,
      requestId,
    }));
  }

  /**
   * Opens a `text/event-stream`. Retries apply only until response headers arrive; the per-attempt timeout
   * covers the wait for headers and then the wait between two events; `deadline` bounds the whole call.
   */
  stream(spec: RequestSpec): Promise<SSEStream> {
    const timeout = spec.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT_MS;
    return this.#run(
      { ...spec, accept: spec.accept ?? "text/event-stream" },
      true,
      (response, _id, deadlineAt) => {
        const info = { status: response.status, headers: response.headers };
        return new SSEStream(response.body!, info, { signal: spec.signal, idleTimeout: timeout, deadlineAt });
      },
    );
  }

  /** Closes the connection pool (when this client owns it). Idempotent. */
  async close(): Promise<void> {
    if (this.#ownsTransport) await this.transport.close();
  }

  /** Same as {@link HttpClient.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Runs the loop and publishes the call on the diagnostics channel when anyone listens. */
  #run<R>(spec: RequestSpec, streaming: boolean, finish: Finish<R>): Promise<R> {
    const state = newCallState();
    const channel = currentPlatform().callChannel;
    // Nobody listens (the common case): no wrapper, no clock read.
    if (!channel.hasSubscribers) return this.#loop(spec, state, streaming, finish);
    return this.#observed(spec, state, streaming, finish, channel);
  }

  async #observed<R>(
    spec: RequestSpec,
    state: CallState,
    streaming: boolean,
    finish: Finish<R>,
    channel: Platform["callChannel"],
  ): Promise<R> {
    const started = performance.now();
    try {
      const result = await this.#loop(spec, state, streaming, finish);
      if (channel.hasSubscribers) channel.publish(callMessage(spec.method, state, started, undefined, false));
      return result;
    } catch (error) {
      if (channel.hasSubscribers) channel.publish(callMessage(spec.method, state, started, error, true));
      throw error;
    }
  }

  async #loop<R>(spec: RequestSpec, state: CallState, streaming: boolean, finish: Finish<R>): Promise<R> {
    const opts = this.#options;
    checkOption(spec.maxRetries, "maxRetries", "count", true);
    checkOption(spec.timeout, "timeout", "duration", true);
    checkOption(spec.deadline, "deadline", "duration", true);
    checkOption(spec.maxResponseBytes, "maxResponseBytes", "bytes", true);
    checkOption(spec.maxErrorBodyBytes, "maxErrorBodyBytes", "bytes", true);
    if (this.transport.closed) throw new HighflameError("Client is closed.", { code: "client_closed" });
    const signal = spec.signal;
    if (signal?.aborted) throw new APIUserAbortError();
    const maxRetries = spec.maxRetries ?? opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    const timeout = spec.timeout ?? opts.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = spec.deadline ?? opts.deadline;
    const maxBytes = spec.maxResponseBytes ?? opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const maxErrorBytes = spec.maxErrorBodyBytes ?? opts.maxErrorBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES;
    const first = this.#targets.build(spec.path, spec.url, spec.query);
    state.target = first;
    const idempotencyKey =
      spec.idempotencyKey ?? (spec.method === "GET" ? undefined : `hf-${globalThis.crypto.randomUUID()}`);
    const { body, contentType } = encodeBody(spec);
    const deadlineAt = deadline === undefined ? undefined : Date.now() + deadline;
    const log = this.logger;
    let logicalId: string | undefined;
    const id = () => (logicalId ??= `req_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`);

    const call: CallControl = { aborted: false, slot: undefined, wake: undefined };
    const onAbort = () => {
      call.aborted = true;
      if (call.slot) cancelAttempt(call.slot, new CallerAbort());
      call.wake?.();
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    let retries = 0;
    let authRepeated = false;
    /** Backs off and returns when another attempt is allowed; otherwise throws `error`. */
    const backoffOrThrow = async (error: HighflameError, attempt: number, delay?: number): Promise<void> => {
      const wait = delay ?? retryDelayMs(retries);
      if (retries >= maxRetries || (deadlineAt !== undefined && Date.now() + wait >= deadlineAt)) throw error;
      if (log.enabled("info")) {
        const reason =
          error instanceof HighflameError && "status" in error ? `status ${error.status}` : error.message;
        log.info(
          `${id()} retrying in ${wait} ms (attempt ${attempt + 1} of ${maxRetries + 1}) after ${reason}`,
        );
      }
      await pause(wait, call);
      if (call.aborted) throw new APIUserAbortError();
      retries++;
      state.retries = retries;
    };

    try {
      for (let attempt = 1; ; attempt++) {
        if (call.aborted) throw new APIUserAbortError();
        state.attempts = attempt;
        const left = deadlineAt === undefined ? Number.POSITIVE_INFINITY : deadlineAt - Date.now();
        if (left <= 0) throw new APIConnectionTimeoutError(`Deadline of ${deadline} ms exceeded.`);
        const byDeadline = left < timeout;
        const slot: AttemptSlot = { reason: undefined, cancel: undefined, headersReceived: false };
        call.slot = slot;
        const timer = setTimeout(onAttemptTimer, byDeadline ? left : timeout, slot, byDeadline);

        let headers: Record<string, string>;
        try {
          const pending = this.#attemptHeaders(spec, contentType, idempotencyKey, retries, slot);
          headers = pending instanceof Promise ? await pending : pending;
        } catch (cause) {
          // The credential provider runs its own request loop (with retries); repeating it here would
          // multiply attempts, so its failure ends the call.
          clearTimeout(timer);
          if (call.aborted) throw new APIUserAbortError(undefined, { cause });
          if (slot.reason instanceof DeadlineExceeded) {
            throw new APIConnectionTimeoutError(`Deadline of ${deadline} ms exceeded.`, { cause });
          }
          if (slot.reason instanceof AttemptTimeout) {
            // The provider may reject with what its exchange last hit (e.g. a refused connection): say so.
            const last = cause instanceof HighflameError ? ` (last credential error: ${cause.message})` : "";
            throw new APIConnectionTimeoutError(
              `Timed out after ${timeout} ms waiting for credentials${last}.`,
              {
                cause,
              },
            );
          }
          if (cause instanceof HighflameError) throw cause;
          throw new APIConnectionError(`Credential provider failed: ${connectionMessage(cause)}`, { cause });
        }

        let response: IncomingResponse;
        let target: RequestTarget = first;
        try {
          for (let hops = 0; ; hops++) {
            if (log.enabled("debug")) {
              log.debug(
                `${id()} ${spec.method} ${target.origin}${target.path} attempt ${attempt}/${maxRetries + 1}`,
                {
                  headers: redactHeaders(headers),
                },
              );
            }
            response = await this.transport.send(
              {
                method: spec.method,
                origin: target.origin,
                path: target.path,
                headers,
                body,
                stream: streaming,
                maxBytes,
                maxErrorBytes,
              },
              slot,
            );
            if (!isRedirect(response.status)) break;
            state.status = response.status;
            target = nextRedirectTarget(
              response.status,
              response.headers,
              target,
              spec.method,
              hops,
              spec.followRedirects !== false,
              (text) => scrubSecrets(text, requestSecrets(headers, spec)),
            );
          }
        } catch (cause) {
          clearTimeout(timer);
          if (cause instanceof RedirectError) throw cause;
          if (call.aborted) throw new APIUserAbortError(undefined, { cause });
          if (slot.reason instanceof DeadlineExceeded) {
            throw new APIConnectionTimeoutError(`Deadline of ${deadline} ms exceeded.`, { cause });
          }
          const error =
            slot.reason instanceof AttemptTimeout
              ? new APIConnectionTimeoutError(
                  `${slot.headersReceived ? "Response body" : "Request"} timed out after ${timeout} ms.`,
                  { cause },
                )
              : new APIConnectionError(
                  `${slot.headersReceived ? "Response body was cut off: " : ""}${connectionMessage(cause)}`,
                  { cause },
                );
          await backoffOrThrow(error, attempt);
          continue;
        }
        clearTimeout(timer);

        const status = response.status;
        const requestId = response.headers.get("x-request-id") ?? undefined;
        state.status = status;
        state.requestId = requestId;
        if (status >= 200 && status < 300) {
          if (response.tooLarge) {
            throw new ResponseTooLargeError(
              `Response body is larger than the ${maxBytes}-byte cap (${spec.bodyLimitKind === "jwks" ? "JWKS" : "maxResponseBytes"}); ` +
                `the connection was closed${requestId ? ` (request id ${requestId})` : ""}.`,
              { limit: maxBytes, limitKind: spec.bodyLimitKind ?? "response", status, requestId },
            );
          }
          const result = finish(response, requestId, deadlineAt);
          if (log.enabled("debug")) log.debug(`${id()} ${status} after ${attempt} attempt(s)`, { requestId });
          return result;
        }

        const text = scrubSecrets(response.text, requestSecrets(headers, spec));
        const apiError = makeAPIError(status, response.headers, text);
        if (status === 401 && this.#usesAuth(spec) && !authRepeated && opts.auth?.invalidate) {
          authRepeated = true;
          opts.auth.invalidate();
          if (log.enabled("info"))
            log.info(`${id()} got 401; refreshing credentials and repeating once`, { requestId });
          continue;
        }
        if (isRetryableResponse(status, response.headers)) {
          await backoffOrThrow(apiError, attempt, retryDelayMs(retries, response.headers));
          continue;
        }
        if (log.enabled("debug"))
          log.debug(`${id()} failed with ${status}`, { requestId, title: apiError.title });
        throw apiError satisfies APIError;
      }
    } finally {
      call.slot = undefined;
      signal?.removeEventListener("abort", onAbort);
    }
  }

  #usesAuth(spec: RequestSpec): boolean {
    return spec.auth !== false && this.#options.auth !== undefined;
  }

  /** The headers of one attempt; synchronous unless a credential has to be fetched. */
  #attemptHeaders(
    spec: RequestSpec,
    contentType: string | undefined,
    idempotencyKey: string | undefined,
    retries: number,
    slot: AttemptSlot,
  ): Record<string, string> | Promise<Record<string, string>> {
    const auth = this.#usesAuth(spec) ? this.#options.auth! : undefined;
    const cached = auth?.cachedAuthHeaders?.();
    if (!auth || cached) return this.#headers.merge(spec, contentType, idempotencyKey, retries, cached);
    const controller = new AbortController();
    slot.cancel = (reason) => controller.abort(reason);
    if (slot.reason !== undefined) controller.abort(slot.reason);
    return auth.authHeaders({ signal: controller.signal }).then((credentials) => {
      slot.cancel = undefined;
      if (slot.reason !== undefined) throw slot.reason;
      return this.#headers.merge(spec, contentType, idempotencyKey, retries, credentials);
    });
  }
}

/** The JSON body of a 2xx response (an empty body reads as `undefined`), validated by `schema` when given. */
function jsonBody<T>(response: IncomingResponse, requestId: string | undefined, schema?: z.ZodType<T>): T {
  let data: unknown;
  const text = response.text;
  if (text.length > 0 && (text.charCodeAt(0) > 32 || text.trim() !== "")) {
    try {
      data = JSON.parse(text);
    } catch (cause) {
      throw new APIConnectionError(`Response was not valid JSON (status ${response.status})`, { cause });
    }
  }
  return schema ? (parseResponse(schema, data, { requestId }) as T) : (data as T);
}
