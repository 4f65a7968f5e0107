import { Dispatcher } from "undici";
import { guardResponseBody, mintToken, TOKEN_LIFETIME_S } from "./guard-stub-fixture.js";

/** What the instant dispatcher has answered. */
export interface InstantCounts {
  tokenExchanges: number;
  guardCalls: number;
  /** Guard calls that carried a bearer token. */
  guardWithBearer: number;
}

function rawHeaders(body: Buffer): Buffer[] {
  return [
    Buffer.from("content-type"),
    Buffer.from("application/json"),
    Buffer.from("content-length"),
    Buffer.from(String(body.length)),
    Buffer.from("x-request-id"),
    Buffer.from("req_bench_instant"),
  ];
}

/**
 * An undici `Dispatcher` that answers in the next microtask, with no socket: the token exchange with a JWT-shaped
 * token and `POST …/v1/guard` with the fixed `allow` body of the stub server. Passed as a client's `dispatcher`,
 * it leaves only the client's own work to measure (request building, validation, parsing, promises), which the
 * network and the server otherwise bury. Answers are built once; it calls undici's handler callbacks as undici's
 * own `Client` does (`onConnect`, `onHeaders`, `onData`, `onComplete`).
 */
export class InstantDispatcher extends Dispatcher {
  readonly counts: InstantCounts = { tokenExchanges: 0, guardCalls: 0, guardWithBearer: 0 };
  readonly #guardBody = guardResponseBody();
  readonly #guardHeaders = rawHeaders(this.#guardBody);
  readonly #tokenBody = Buffer.from(
    JSON.stringify({
      access_token: mintToken("instant"),
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
    }),
  );
  readonly #tokenHeaders = rawHeaders(this.#tokenBody);

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const token = options.path.endsWith("/oauth2/token");
    if (token) this.counts.tokenExchanges++;
    else {
      this.counts.guardCalls++;
      const headers = options.headers as Record<string, string> | undefined;
      if (headers?.authorization?.startsWith("Bearer ")) this.counts.guardWithBearer++;
    }
    const body = token ? this.#tokenBody : this.#guardBody;
    const headers = token ? this.#tokenHeaders : this.#guardHeaders;
    queueMicrotask(() => {
      handler.onConnect?.(() => {});
      handler.onHeaders?.(200, headers, () => {}, "OK");
      handler.onData?.(body);
      handler.onComplete?.([]);
    });
    return true;
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) return void callback();
    return Promise.resolve();
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(...args: unknown[]): Promise<void> | void {
    const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (callback) return void callback();
    return Promise.resolve();
  }
}
