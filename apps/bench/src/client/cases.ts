import { Highflame } from "@highflame/sdk";
import { instrumentHighflame } from "@highflame/sdk/integrations/otel";
import { Agent, request } from "undici";
import { silentLogger } from "../silent-logger.js";

/** What every case needs to call the stub guard server. */
export interface ClientCaseContext {
  /** Base URL of the stub, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Service key the stub accepts. */
  apiKey: string;
  /** `POST` target of guard calls. */
  guardUrl: string;
  /** `POST` target of the token exchange. */
  tokenUrl: string;
  /** The guard request every case sends. */
  payload: { content: string; content_type: "prompt"; action: "process_prompt" };
}

/** A ready caller: its token is fetched and cached before any measured call. */
export interface ClientCaller {
  /** One guard call; resolves to the decision the server returned. */
  call(): Promise<string>;
  close(): Promise<void>;
}

/** One row of the `client` benchmark. */
export interface ClientCase {
  /** Key used in ratios and targets, e.g. `"sdk"`. */
  name: string;
  /** Row label. */
  label: string;
  /** Builds the caller and primes its token (untimed). */
  setup(ctx: ClientCaseContext): Promise<ClientCaller>;
}

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" } as const;

/** Headers of a hand-written client: what the SDK sends minus its bookkeeping (user agent, idempotency key). */
function bearerHeaders(token: string): Record<string, string> {
  return { ...JSON_HEADERS, authorization: `Bearer ${token}` };
}

function tokenBody(ctx: ClientCaseContext): string {
  return JSON.stringify({ grant_type: "api_key", api_key: ctx.apiKey });
}

function accessToken(status: number, body: unknown, by: string): string {
  const token = (body as { access_token?: unknown } | null)?.access_token;
  if (status !== 200 || typeof token !== "string")
    throw new Error(`${by}: token exchange failed (${status})`);
  return token;
}

/** `client.guard.evaluate()` on one `Highflame` client, token primed by `tokenProvider.getToken()`. */
export const sdkCase: ClientCase = {
  name: "sdk",
  label: "sdk client.guard.evaluate()",
  async setup(ctx) {
    const client = new Highflame({
      apiKey: ctx.apiKey,
      baseUrl: ctx.url,
      tokenUrl: ctx.tokenUrl,
      logger: silentLogger,
    });
    await client.tokenProvider.getToken();
    return {
      call: async () => (await client.guard.evaluate(ctx.payload)).decision,
      close: () => client.close(),
    };
  },
};

/**
 * The same client with the OpenTelemetry integration installed (`instrumentHighflame(client)`) but no OpenTelemetry
 * SDK registered: the global providers are the API's no-ops, which is "tracing off" in a service that ships the
 * integration and enables it by configuration. Compared with `sdk`, it shows what the integration costs when off.
 */
export const sdkOtelOffCase: ClientCase = {
  name: "sdk-otel-off",
  label: "sdk + instrumentHighflame(), no OTel SDK",
  async setup(ctx) {
    const client = new Highflame({
      apiKey: ctx.apiKey,
      baseUrl: ctx.url,
      tokenUrl: ctx.tokenUrl,
      logger: silentLogger,
    });
    const instrumentation = instrumentHighflame(client);
    await client.tokenProvider.getToken();
    return {
      call: async () => (await client.guard.evaluate(ctx.payload)).decision,
      close: async () => {
        instrumentation.uninstrument();
        await client.close();
      },
    };
  },
};

/** undici `request()` on a keep-alive `Agent` (64 connections, like the SDK's pool), body stringified once. */
export const undiciCase: ClientCase = {
  name: "undici",
  label: "raw undici request(), keep-alive Agent",
  async setup(ctx) {
    const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
    const exchange = await request(ctx.tokenUrl, {
      method: "POST",
      dispatcher,
      headers: JSON_HEADERS,
      body: tokenBody(ctx),
    });
    const headers = bearerHeaders(accessToken(exchange.statusCode, await exchange.body.json(), "undici"));
    const body = JSON.stringify(ctx.payload);
    return {
      async call() {
        const res = await request(ctx.guardUrl, { method: "POST", dispatcher, headers, body });
        const parsed = (await res.body.json()) as { decision?: string };
        if (res.statusCode !== 200) throw new Error(`raw undici guard call failed: ${res.statusCode}`);
        return String(parsed.decision);
      },
      close: () => dispatcher.close(),
    };
  },
};

/**
 * A hand-written client on the global `fetch`: Node's built-in fetch, dispatching through the global dispatcher,
 * which in this process (as in any that loaded the SDK) is the default `Agent` installed by importing undici 7.
 */
export const fetchCase: ClientCase = {
  name: "fetch",
  label: "hand-written global fetch() client",
  async setup(ctx) {
    const exchange = await fetch(ctx.tokenUrl, {
      method: "POST",
      headers: JSON_HEADERS,
      body: tokenBody(ctx),
    });
    const headers = bearerHeaders(accessToken(exchange.status, await exchange.json(), "fetch"));
    return {
      async call() {
        const res = await fetch(ctx.guardUrl, { method: "POST", headers, body: JSON.stringify(ctx.payload) });
        const parsed = (await res.json()) as { decision?: string };
        if (!res.ok) throw new Error(`fetch guard call failed: ${res.status}`);
        return String(parsed.decision);
      },
      close: async () => {},
    };
  },
};

/**
 * Every case of the `client` benchmark, in table order. Adding a case is one entry here (plus, if it should be
 * compared, a line in `CLIENT_RATIOS` of `benches/client.ts`).
 */
export const CLIENT_CASES: readonly ClientCase[] = [sdkCase, undiciCase, fetchCase, sdkOtelOffCase];
