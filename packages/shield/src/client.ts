import { createTokenProvider, type TokenProvider } from "@highflame/auth";
import {
  ConfigurationError,
  checkTransportChoice,
  HttpClient,
  normalizeBaseUrl,
  type RequestOptions,
  readHighflameEnv,
  type SdkLogger,
} from "@highflame/core";
import type { ShieldContext } from "./context.js";
import { FAIL_MODES, type FailMode } from "./fail-mode.js";
import {
  DEFAULT_BASE_URL,
  defaultPathPrefix,
  normalizePathPrefix,
  type ShieldClientOptions,
} from "./options.js";
import { GuardResource } from "./resources/guard.js";
import { DebugResource, DetectorsResource, DetectResource, fetchHealth } from "./resources/other.js";
import { tenantBearerAuth } from "./tenant-auth.js";
import { type VerifyPoliciesOptions, verifyPolicies } from "./verify-policies.js";
import { MODES, type Mode } from "./wire/enums.js";
import type { DebugPoliciesResponse, HealthResponse } from "./wire/other-responses.js";

/**
 * Highflame Shield client. One per process (it holds the token cache and connection pool); safe for concurrent
 * use. `Highflame` from `@highflame/sdk` is this client plus ZeroID.
 *
 * @example
 * const client = new ShieldClient({ apiKey: process.env.HIGHFLAME_API_KEY });
 * const res = await client.guard.evaluatePrompt("Ignore previous instructions", { mode: "enforce" });
 */
export class ShieldClient implements AsyncDisposable {
  /** Policy evaluation: `evaluate`, `evaluatePrompt`, `evaluateToolCall`, `stream`, `start`. */
  readonly guard: GuardResource;
  /** Detection only. */
  readonly detect: DetectResource;
  /** Detector catalogue. */
  readonly detectors: DetectorsResource;
  /** Policy introspection. */
  readonly debug: DebugResource;
  /** The underlying request loop (authorised). */
  readonly http: HttpClient;
  /** Where tokens come from. */
  readonly tokenProvider: TokenProvider;
  /** Resolved base URL. */
  readonly baseUrl: string;
  /** Resolved path prefix (`""` or e.g. `"/shield"`). */
  readonly pathPrefix: string;
  /** Mode applied when a request sets none. */
  readonly defaultMode: Mode | undefined;
  /** Outage behaviour. */
  readonly failMode: FailMode;

  constructor(options: ShieldClientOptions = {}) {
    const env = readHighflameEnv();
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? env.baseUrl ?? DEFAULT_BASE_URL);
    this.pathPrefix = normalizePathPrefix(options.pathPrefix ?? defaultPathPrefix(this.baseUrl));
    this.defaultMode = checkEnum(options.defaultMode, MODES, "defaultMode");
    this.failMode = checkEnum(options.failMode, FAIL_MODES, "failMode") ?? "closed";
    checkTransportChoice(options);
    const plain = new HttpClient({
      baseUrl: this.baseUrl,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      deadline: options.deadline,
      headers: options.headers,
      fetch: options.fetch,
      dispatcher: options.dispatcher,
      transport: options.transport,
      logger: options.logger,
      logLevel: options.logLevel,
      userAgentExtra: "highflame-shield",
    });
    if (options.tokenProvider) {
      this.tokenProvider = options.tokenProvider;
    } else {
      const apiKey = options.apiKey ?? env.apiKey;
      if (!apiKey || apiKey.trim() === "") {
        throw new ConfigurationError(
          "Missing API key: pass apiKey (or tokenProvider) or set the HIGHFLAME_API_KEY environment variable.",
          { option: "apiKey" },
        );
      }
      this.tokenProvider = createTokenProvider({
        apiKey,
        baseUrl: this.baseUrl,
        tokenUrl: options.tokenUrl,
        http: plain,
        scope: options.scope,
      });
    }
    const auth = tenantBearerAuth(this.tokenProvider, {
      accountId: options.accountId ?? env.accountId,
      projectId: options.projectId ?? env.projectId,
    });
    this.#plain = plain;
    this.http = plain.withOptions({ auth });
    const prefix = this.pathPrefix;
    const ctx: ShieldContext = {
      http: this.http,
      path: (path) => `/v1${prefix}${path}`,
      defaultMode: this.defaultMode,
      failMode: this.failMode,
    };
    this.guard = new GuardResource(ctx);
    this.detect = new DetectResource(ctx);
    this.detectors = new DetectorsResource(ctx);
    this.debug = new DebugResource(ctx);
    this.#ctx = ctx;
  }

  readonly #ctx: ShieldContext;
  readonly #plain: HttpClient;

  /** The client's logger (level-gated, secrets redacted). */
  get logger(): SdkLogger {
    return this.http.logger;
  }

  /** `GET /v1/health`. */
  health(options?: RequestOptions): Promise<HealthResponse> {
    return fetchHealth(this.#ctx, options);
  }

  /**
   * Startup check through `debug.policies`: throws `PolicyVerificationError` when no policies (or not the
   * required ones) are loaded for the product. Call it once at boot.
   */
  verifyPolicies(options?: VerifyPoliciesOptions): Promise<DebugPoliciesResponse> {
    return verifyPolicies(this.debug, options);
  }

  /**
   * Closes the connection pool this client created. Idempotent; later calls fail with `HighflameError`
   * (`client_closed`). A `dispatcher` or `transport` you passed is not closed.
   */
  async close(): Promise<void> {
    await this.http.close();
    await this.#plain.close(); // owns the pool shared by `http`
  }

  /** Same as `close()`, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function checkEnum<T extends string>(
  value: T | undefined,
  allowed: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new ConfigurationError(
      `${option} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}`,
      {
        option,
      },
    );
  }
  return value;
}
