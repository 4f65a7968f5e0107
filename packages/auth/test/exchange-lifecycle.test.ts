import { setTimeout as sleep } from "node:timers/promises";
import { APIConnectionError, APIConnectionTimeoutError, HttpClient, NotFoundError } from "@highflame/core";
import {
  closedPort,
  createCapturingLogger,
  generateTestKey,
  startTestServer,
  type TestServer,
} from "@highflame/testing";
import { afterEach, describe, expect, it } from "vitest";
import { bearerAuth, ServiceKeyTokenProvider, TOKEN_REFRESH_BUFFER_MS } from "../src/index.js";
import { tokenBody } from "./jwt-helpers.js";

const TOKEN_PATH = "/oauth2/token";
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function serve(): Promise<TestServer> {
  const server = await startTestServer();
  cleanup.push(() => server.close());
  return server;
}

function client(baseUrl: string, extra: { timeout?: number; maxRetries?: number } = {}): HttpClient {
  const http = new HttpClient({ baseUrl, logLevel: "off", maxRetries: 2, ...extra });
  cleanup.push(() => http.close());
  return http;
}

describe("refresh rule: 60 s before expiry, half-life only for tokens living no longer than that", () => {
  const cases = [
    { expiresIn: 61, keptUntilMs: 1_000 },
    { expiresIn: 3600, keptUntilMs: 3_600_000 - TOKEN_REFRESH_BUFFER_MS },
    { expiresIn: 60, keptUntilMs: 30_000 },
    { expiresIn: 40, keptUntilMs: 20_000 },
  ];
  for (const { expiresIn, keptUntilMs } of cases) {
    it(`expires_in ${expiresIn}: reused before ${keptUntilMs} ms, exchanged again at ${keptUntilMs} ms`, async () => {
      const server = await serve();
      server.route("POST", TOKEN_PATH, { body: tokenBody({ expires_in: expiresIn }) });
      let now = 1_000_000;
      const provider = new ServiceKeyTokenProvider({
        apiKey: generateTestKey("zid_sk_"),
        tokenUrl: `${server.url}${TOKEN_PATH}`,
        http: client(server.url),
        now: () => now,
      });
      await provider.getToken();
      now += keptUntilMs - 1;
      await provider.getToken();
      expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1);
      now += 1;
      await provider.getToken();
      expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(2);
    });
  }
});

describe("exchange errors name the token exchange and tokenUrl", () => {
  it("a wrong token URL (404) keeps its class and says where and what to check", async () => {
    const server = await serve();
    const provider = new ServiceKeyTokenProvider({
      apiKey: generateTestKey("zid_sk_"),
      tokenUrl: `${server.url}/oauth/token?x=1`,
      http: client(server.url),
    });
    const error = (await provider.getToken().catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.message).toContain(`Token exchange at ${server.url}/oauth/token (tokenUrl`);
    expect(error.message).toContain("/oauth2/token");
    expect(error.message).not.toContain("x=1");
    expect(server.requestsTo("POST", "/oauth/token")).toHaveLength(1);
  });

  it("a refused connection says it could not connect to the token URL", async () => {
    const port = await closedPort();
    const provider = new ServiceKeyTokenProvider({
      apiKey: generateTestKey("zid_sk_"),
      tokenUrl: `http://127.0.0.1:${port}/oauth2/token`,
      http: client(`http://127.0.0.1:${port}`, { maxRetries: 0 }),
    });
    const error = (await provider.getToken().catch((e: unknown) => e)) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(`Token exchange at http://127.0.0.1:${port}/oauth2/token`);
    expect(error.message).toContain("could not connect");
  });
});

describe("the exchange stops when its callers have given up", () => {
  it("a call that times out waiting for credentials reports the exchange's error and no retry follows", async () => {
    const server = await serve();
    server.route("POST", TOKEN_PATH, { status: 503, body: { error: "temporarily_unavailable" } });
    const http = client(server.url, { maxRetries: 2 });
    const provider = new ServiceKeyTokenProvider({
      apiKey: generateTestKey("zid_sk_"),
      tokenUrl: `${server.url}${TOKEN_PATH}`,
      http,
    });
    const api = http.withOptions({ auth: bearerAuth(provider), timeout: 250, maxRetries: 0 });
    const error = (await api.request({ method: "GET", path: "/v1/thing" }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toContain("waiting for credentials");
    expect(error.message).toContain(`Token exchange at ${server.url}${TOKEN_PATH}`);
    expect(error.message).toContain("503");
    // Unattended, the exchange would have retried after ~0.5 s and ~1 s more.
    await sleep(1_800);
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(1);
    expect(server.requestsTo("GET", "/v1/thing")).toHaveLength(0);
  });

  it("a refused token URL under a short timeout names the refusal, and the exchange does not go on", async () => {
    const port = await closedPort();
    const tokenUrl = `http://127.0.0.1:${port}/oauth2/token`;
    const logger = createCapturingLogger();
    const http = new HttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      logger,
      logLevel: "debug",
      maxRetries: 2,
    });
    cleanup.push(() => http.close());
    const provider = new ServiceKeyTokenProvider({ apiKey: generateTestKey("zid_sk_"), tokenUrl, http });
    const api = http.withOptions({ auth: bearerAuth(provider), timeout: 200, maxRetries: 0 });
    const error = (await api.request({ method: "GET", path: "/v1/thing" }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toContain(`Token exchange at ${tokenUrl}`);
    expect(error.message).toContain("could not connect");
    expect(error.message).toContain("ECONNREFUSED");
    await sleep(1_800);
    // One attempt at the token URL; the retry scheduled after it was cancelled with the caller's call.
    const attempts = logger.entries.filter((e) => e.message.includes(`POST ${tokenUrl} attempt`));
    expect(attempts).toHaveLength(1);
  });

  it("keeps retrying while another caller still waits, and that caller gets the token", async () => {
    const server = await serve();
    server.route("POST", TOKEN_PATH, { status: 503 }, { body: tokenBody() });
    const provider = new ServiceKeyTokenProvider({
      apiKey: generateTestKey("zid_sk_"),
      tokenUrl: `${server.url}${TOKEN_PATH}`,
      http: client(server.url),
    });
    const impatient = new AbortController();
    const first = provider.getToken({ signal: impatient.signal });
    const patient = provider.getToken();
    impatient.abort(new Error("gave up"));
    await expect(first).rejects.toThrow("gave up");
    const token = await patient;
    expect(token.accessToken).toMatch(/\./);
    expect(server.requestsTo("POST", TOKEN_PATH)).toHaveLength(2);
  });
});
