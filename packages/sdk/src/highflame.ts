import { ServiceKeyTokenProvider } from "@highflame/auth";
import { ConfigurationError, readHighflameEnv } from "@highflame/core";
import { ShieldClient, type ShieldClientOptions } from "@highflame/shield";
import { ZeroIDClient, type ZeroIDClientOptions } from "@highflame/zeroid";

/**
 * ZeroID settings of {@link Highflame}; the transport (with the client's `dispatcher` or `fetch`), logger,
 * retries and the token cache are shared.
 */
export type HighflameZeroIDOptions = Omit<
  Partial<ZeroIDClientOptions>,
  "apiKey" | "tokenProvider" | "transport" | "fetch" | "dispatcher" | "logger" | "logLevel" | "tenantHelp"
>;

/** Options of {@link Highflame}: every `ShieldClient` option plus ZeroID settings. */
export interface HighflameOptions extends ShieldClientOptions {
  /**
   * Settings of `client.zeroid`. `baseUrl` defaults to the origin of the token URL when it is a ZeroID
   * `/oauth2/token` endpoint (e.g. `https://auth.highflame.ai`); `accountId`/`projectId` default to the client's.
   */
  zeroid?: HighflameZeroIDOptions | undefined;
}

/**
 * `client.zeroid` always shares the client's transport, so a pool choice under `zeroid` would be ignored: refuse
 * it (before any pool is created) and say where it belongs.
 */
function refuseZeroIDPoolChoice(options: HighflameOptions): HighflameOptions {
  const settings = (options.zeroid ?? {}) as Record<string, unknown>;
  for (const name of ["transport", "dispatcher", "fetch"]) {
    if (settings[name] !== undefined) {
      throw new ConfigurationError(
        `zeroid.${name} is not an option: client.zeroid shares this client's transport, so pass ${name} ` +
          "to new Highflame({ … }) itself.",
        { option: `zeroid.${name}` },
      );
    }
  }
  return options;
}

const TENANT_HELP =
  "pass accountId and projectId to new Highflame({ … }) (or zeroid: { accountId, projectId }), or set " +
  "HIGHFLAME_ACCOUNT_ID and HIGHFLAME_PROJECT_ID";

/**
 * The Highflame client: Shield guardrails (`guard`, `detect`, `detectors`, `debug`, `health()`) and ZeroID agent
 * identity (`zeroid`), sharing one token cache and one connection pool. Create one per process.
 *
 * Every option falls back to its environment variable: `HIGHFLAME_API_KEY` (required), `HIGHFLAME_BASE_URL`
 * (default `https://api.highflame.ai`), `HIGHFLAME_TOKEN_URL`, `HIGHFLAME_ACCOUNT_ID`, `HIGHFLAME_PROJECT_ID`,
 * `HIGHFLAME_LOG`.
 *
 * @example
 * import { Highflame, Shield } from "@highflame/sdk";
 * await using client = new Highflame(); // reads HIGHFLAME_API_KEY
 * const res = await client.guard.evaluatePrompt("What is the capital of France?");
 */
export class Highflame extends ShieldClient {
  readonly #options: HighflameOptions;
  #zeroid: ZeroIDClient | undefined;

  constructor(options: HighflameOptions = {}) {
    super(refuseZeroIDPoolChoice(options));
    this.#options = options;
  }

  /**
   * ZeroID client (created on first access). It reuses this client's token cache, connection pool and logger.
   * With a `zid_sk_` service key, admin calls send the key itself as Bearer (one request each, no token
   * endpoint), as the published 0.3 client did; `zeroid: { adminAuth: "token" }` sends exchanged tokens instead.
   * Throws `ConfigurationError` when no ZeroID URL is known (set `zeroid.baseUrl`).
   */
  get zeroid(): ZeroIDClient {
    if (this.#zeroid) return this.#zeroid;
    const settings = this.#options.zeroid ?? {};
    const baseUrl = settings.baseUrl ?? this.#zeroidUrlFromTokenUrl();
    if (!baseUrl) {
      throw new ConfigurationError(
        "No ZeroID URL is known for this client: pass zeroid: { baseUrl } (e.g. https://auth.highflame.ai).",
        { option: "zeroid.baseUrl" },
      );
    }
    const env = readHighflameEnv();
    const accountId = settings.accountId ?? this.#options.accountId ?? env.accountId;
    const projectId = settings.projectId ?? this.#options.projectId ?? env.projectId;
    // A zid_sk_ service key authenticates admin calls itself (one request, no exchange); Shield and delegate()
    // keep using the exchanged tokens of the shared cache.
    const key = this.#options.tokenProvider ? undefined : (this.#options.apiKey ?? env.apiKey)?.trim();
    this.#zeroid = new ZeroIDClient({
      timeout: this.#options.timeout,
      maxRetries: this.#options.maxRetries,
      headers: this.#options.headers,
      tenantHelp: TENANT_HELP,
      ...settings,
      baseUrl,
      ...(accountId ? { accountId } : {}),
      ...(projectId ? { projectId } : {}),
      ...(key?.startsWith("zid_sk_") ? { apiKey: key } : {}),
      tokenProvider: this.tokenProvider,
      transport: this.http.transport,
      logger: this.logger,
    });
    return this.#zeroid;
  }

  #zeroidUrlFromTokenUrl(): string | undefined {
    const provider = this.tokenProvider;
    if (!(provider instanceof ServiceKeyTokenProvider)) return undefined;
    const url = new URL(provider.tokenUrl);
    return url.pathname.replace(/\/+$/, "").endsWith("/oauth2/token")
      ? `${url.origin}${url.pathname.replace(/\/?oauth2\/token\/?$/, "")}`
      : undefined;
  }

  /** Closes ZeroID (if created) and the shared connection pool. Idempotent. */
  override async close(): Promise<void> {
    await this.#zeroid?.close();
    await super.close();
  }
}
