import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type APIError, makeAPIError } from "./errors/api-error.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  ConfigurationError,
  RequestValidationError,
} from "./errors/client-errors.js";
import { HighflameError } from "./errors/highflame-error.js";
import { type SdkLogger, toSdkLogger } from "./logger.js";
import { redactHeaders } from "./redact.js";
import type { APIResponse, HttpClientOptions, RequestSpec } from "./request-options.js";
import { DEFAULT_MAX_RETRIES, isRetryableResponse, retryDelayMs } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { SSEStream } from "./sse/stream.js";
import { Transport } from "./transport.js";
import { joinUrl, normalizeBaseUrl } from "./url.js";
import { parseResponse } from "./validation.js";
import { VERSION } from "./version.js";

/** Default per-attempt timeout: 60 s. */
export const DEFAULT_TIMEOUT_MS = 60_000;

const NODE_VERSION = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
/** Default `User-Agent`. */
export const USER_AGENT = `highflame-sdk-ts/${VERSION}${NODE_VERSION ? ` node/${NODE_VERSION}` : ""}`;

class AttemptTimeout extends Error {}
const noop = () => {};
class DeadlineExceeded extends Error {}

/**
 * The request loop shared by every Highflame client: JSON in and out, retries with jittered backoff and
 * `Retry-After`, per-attempt timeouts, an optional total deadline, caller cancellation, 401 refresh-once,
 * logging with redaction, and event streams.
 */
export class HttpClient implements AsyncDisposable {
  readonly baseUrl: string;
  readonly logger: SdkLogger;
  readonly transport: Transport;
  readonly #options: HttpClientOptions;
  readonly #ownsTransport: boolean;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.logger = toSdkLogger(options.logger, options.logLevel);
    this.#ownsTransport = !options.transport;
    this.transport = options.transport ?? new Transport({ fetch: options.fetch });
    validateNumber(options.timeout, "timeout");
    validateNumber(options.maxRetries, "maxRetries");
    validateNumber(options.deadline, "deadline");
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
      transport: this.transport,
    });
  }

  /** Sends a request and returns the parsed JSON body (validated by `schema` when given). */
  async request<T = unknown>(spec: RequestSpec, schema?: z.ZodType<T>): Promise<T> {
    return (await this.requestWithResponse(spec, schema)).data;
  }

  /** Like {@link request}, with status, headers and request id. */
  async requestWithResponse<T = unknown>(spec: RequestSpec, schema?: z.ZodType<T>): Promise<APIResponse<T>> {
    return this.#run(spec, async (response, attemptSignal, requestId) => {
      const text = await readText(response, attemptSignal);
      let data: unknown;
      if (text.trim() !== "") {
        try {
          data = JSON.parse(text);
        } catch (cause) {
          throw new APIConnectionError(`Response was not valid JSON (status ${response.status})`, { cause });
        }
      }
      const parsed = schema ? parseResponse(schema, data, { requestId }) : (data as T);
      return { data: parsed, status: response.status, headers: response.headers, requestId };
    });
  }

  /**
   * Opens a `text/event-stream`. Retries apply only until response headers arrive; the per-attempt timeout
   * covers the wait for headers, after which the stream lives until it ends, is broken out of, or `signal` fires.
   */
  async stream(spec: RequestSpec): Promise<SSEStream> {
    return this.#run(
      { ...spec, accept: spec.accept ?? "text/event-stream" },
      async (response, _attemptSignal, _requestId, attemptController, release) =>
        new SSEStream(response, attemptController, { signal: spec.signal, onClose: release }),
      true,
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

  async #run<R>(
    spec: RequestSpec,
    onSuccess: (
      response: Response,
      attemptSignal: AbortSignal,
      requestId: string | undefined,
      attemptController: AbortController,
      release: () => void,
    ) => Promise<R>,
    streaming = false,
  ): Promise<R> {
    const opts = this.#options;
    const maxRetries = spec.maxRetries ?? opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    const timeout = spec.timeout ?? opts.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = spec.deadline ?? opts.deadline;
    validateNumber(spec.maxRetries, "maxRetries", true);
    validateNumber(spec.timeout, "timeout", true);
    validateNumber(spec.deadline, "deadline", true);
    if (this.transport.closed) throw new HighflameError("Client is closed.", { code: "client_closed" });

    const url = spec.url ?? joinUrl(this.baseUrl, spec.path ?? "/", spec.query);
    const logicalId = `req_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const idempotencyKey = spec.idempotencyKey ?? (spec.method === "GET" ? undefined : `hf-${randomUUID()}`);
    const { body, contentType } = encodeBody(spec);

    // One controller for the whole call: caller abort, deadline, and (for streams) early exit.
    const call = new AbortController();
    const onUserAbort = () => call.abort(new APIUserAbortError());
    if (spec.signal?.aborted) throw new APIUserAbortError();
    spec.signal?.addEventListener("abort", onUserAbort, { once: true });
    const deadlineAt = deadline === undefined ? undefined : Date.now() + deadline;
    const deadlineTimer =
      deadline === undefined ? undefined : setTimeout(() => call.abort(new DeadlineExceeded()), deadline);
    let keepCallAlive = false;

    const failFromAbort = (cause: unknown): HighflameError => {
      if (call.signal.reason instanceof DeadlineExceeded) {
        return new APIConnectionTimeoutError(`Deadline of ${deadline} ms exceeded.`, { cause });
      }
      return new APIUserAbortError(undefined, { cause });
    };

    let retries = 0;
    let authRepeated = false;
    try {
      for (let attempt = 1; ; attempt++) {
        if (call.signal.aborted) throw failFromAbort(call.signal.reason);
        const attemptController = new AbortController();
        const linkAttempt = () => attemptController.abort(call.signal.reason);
        call.signal.addEventListener("abort", linkAttempt, { once: true });
        const attemptTimer = setTimeout(() => attemptController.abort(new AttemptTimeout()), timeout);
        const cleanupAttempt = () => {
          clearTimeout(attemptTimer);
          call.signal.removeEventListener("abort", linkAttempt);
        };

        /** Backs off and returns when another attempt is allowed; otherwise throws `error`. */
        const backoffOrThrow = async (
          error: HighflameError,
          reason: string,
          delay?: number,
        ): Promise<void> => {
          const wait = delay ?? retryDelayMs(retries);
          if (retries >= maxRetries || this.#pastDeadline(deadlineAt, wait)) throw error;
          await this.#backoff(logicalId, attempt, maxRetries, wait, reason, call.signal);
          retries++;
        };

        let headers: Record<string, string>;
        try {
          headers = await this.#headers(spec, contentType, idempotencyKey, retries, attemptController.signal);
        } catch (cause) {
          // The credential provider runs its own request loop (with retries); repeating it here would
          // multiply attempts, so its failure ends the call.
          cleanupAttempt();
          if (call.signal.aborted) throw failFromAbort(cause);
          if (attemptController.signal.reason instanceof AttemptTimeout) {
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

        let response: Response;
        try {
          this.logger.debug(`${logicalId} ${spec.method} ${url} attempt ${attempt}/${maxRetries + 1}`, {
            headers: redactHeaders(headers),
          });
          response = await this.transport.fetch(url, {
            method: spec.method,
            headers,
            body,
            signal: attemptController.signal,
          } as RequestInit);
        } catch (cause) {
          cleanupAttempt();
          if (cause instanceof HighflameError && !(cause instanceof APIConnectionError)) throw cause;
          if (call.signal.aborted) throw failFromAbort(cause);
          const timedOut = attemptController.signal.reason instanceof AttemptTimeout;
          const error = timedOut
            ? new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`, { cause })
            : cause instanceof APIConnectionError
              ? cause
              : new APIConnectionError(connectionMessage(cause), { cause });
          await backoffOrThrow(error, error.message);
          continue;
        }

        const requestId = response.headers.get("x-request-id") ?? undefined;
        if (response.ok && streaming) {
          // The stream outlives the attempt: the timeout covered the wait for headers only, while the
          // caller's signal stays linked so aborting it still ends the stream.
          clearTimeout(attemptTimer);
          keepCallAlive = true;
          // Once the stream is finished with, the caller's signal no longer needs a listener.
          const release = () => {
            spec.signal?.removeEventListener("abort", onUserAbort);
            call.signal.removeEventListener("abort", linkAttempt);
          };
          return await onSuccess(response, attemptController.signal, requestId, attemptController, release);
        }
        if (response.ok) {
          try {
            const result = await onSuccess(
              response,
              attemptController.signal,
              requestId,
              attemptController,
              noop,
            );
            this.logger.debug(`${logicalId} ${response.status} after ${attempt} attempt(s)`, { requestId });
            return result;
          } catch (cause) {
            if (call.signal.aborted) throw failFromAbort(cause);
            if (cause instanceof HighflameError) throw cause;
            const timedOut = attemptController.signal.reason instanceof AttemptTimeout;
            const error = timedOut
              ? new APIConnectionTimeoutError(`Response body timed out after ${timeout} ms.`, { cause })
              : new APIConnectionError(`Response body was cut off: ${connectionMessage(cause)}`, { cause });
            await backoffOrThrow(error, error.message);
            continue;
          } finally {
            cleanupAttempt();
          }
        }

        let text = "";
        try {
          text = await readText(response, attemptController.signal);
        } catch {
          // The status decides what happens next; an unreadable error body is treated as empty.
        } finally {
          cleanupAttempt();
        }
        const apiError = makeAPIError(response.status, response.headers, text);
        if (
          response.status === 401 &&
          this.#usesAuth(spec) &&
          !authRepeated &&
          this.#options.auth?.invalidate
        ) {
          authRepeated = true;
          this.#options.auth.invalidate();
          this.logger.info(`${logicalId} got 401; refreshing credentials and repeating once`, { requestId });
          continue;
        }
        if (isRetryableResponse(response.status, response.headers)) {
          const delay = retryDelayMs(retries, response.headers);
          if (retries < maxRetries && !this.#pastDeadline(deadlineAt, delay)) {
            await backoffOrThrow(apiError, `status ${response.status}`, delay);
            continue;
          }
        }
        this.logger.debug(`${logicalId} failed with ${response.status}`, {
          requestId,
          title: apiError.title,
        });
        throw apiError satisfies APIError;
      }
    } finally {
      if (deadlineTimer) clearTimeout(deadlineTimer);
      if (!keepCallAlive) spec.signal?.removeEventListener("abort", onUserAbort);
    }
  }

  #usesAuth(spec: RequestSpec): boolean {
    return spec.auth !== false && this.#options.auth !== undefined;
  }

  #pastDeadline(deadlineAt: number | undefined, delay: number): boolean {
    return deadlineAt !== undefined && Date.now() + delay >= deadlineAt;
  }

  async #backoff(
    logicalId: string,
    attempt: number,
    maxRetries: number,
    wait: number,
    reason: string,
    signal: AbortSignal,
  ): Promise<void> {
    this.logger.info(
      `${logicalId} retrying in ${wait} ms (attempt ${attempt + 1} of ${maxRetries + 1}) after ${reason}`,
    );
    try {
      await sleep(wait, signal);
    } catch (cause) {
      if (signal.reason instanceof DeadlineExceeded) {
        throw new APIConnectionTimeoutError("Deadline exceeded while waiting to retry.", { cause });
      }
      throw new APIUserAbortError(undefined, { cause });
    }
  }

  async #headers(
    spec: RequestSpec,
    contentType: string | undefined,
    idempotencyKey: string | undefined,
    retries: number,
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const merged: Record<string, string | undefined> = {
      accept: spec.accept ?? "application/json",
      "user-agent": this.#options.userAgentExtra
        ? `${USER_AGENT} ${this.#options.userAgentExtra}`
        : USER_AGENT,
      ...(contentType ? { "content-type": contentType } : {}),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      "x-highflame-retry-count": String(retries),
    };
    if (this.#usesAuth(spec)) Object.assign(merged, await this.#options.auth!.authHeaders({ signal }));
    for (const source of [this.#options.headers, spec.headers]) {
      for (const [name, value] of Object.entries(source ?? {})) merged[name.toLowerCase()] = value;
    }
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(merged)) if (value !== undefined) out[name] = value;
    return out;
  }
}

function encodeBody(spec: RequestSpec): { body: string | undefined; contentType: string | undefined } {
  if (spec.form) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.form)) if (v !== undefined) params.append(k, v);
    return { body: params.toString(), contentType: "application/x-www-form-urlencoded" };
  }
  if (spec.body === undefined) return { body: undefined, contentType: undefined };
  return { body: JSON.stringify(spec.body), contentType: "application/json" };
}

async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) throw signal.reason;
  return await response.text();
}

function connectionMessage(cause: unknown): string {
  const err = cause as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  const code = err?.cause?.code;
  const detail = err?.cause?.message || err?.message || String(cause);
  return `Connection error${code ? ` (${code})` : ""}: ${detail}`;
}

function validateNumber(value: number | undefined, name: string, perCall = false): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    const message = `${name} must be a non-negative finite number (${name === "maxRetries" ? "retries" : "ms"})`;
    throw perCall
      ? new RequestValidationError(message, { field: name })
      : new ConfigurationError(message, { option: name });
  }
}
