import { type DevServer, startDevServer } from "@highflame/devserver";
import { createVerifier, ZeroIDClient, ZeroIDError } from "@highflame/zeroid";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBearerAuth } from "../src/http/index.js";
import { ATTR, instrumentHighflame, instrumentVerifier, METRIC } from "../src/otel/index.js";
import { tamper } from "./support/issuer.js";
import { dump, type OtelHarness, startOtel } from "./support/otel.js";

let dev: DevServer;
let otel: OtelHarness;
let zeroid: ZeroIDClient;
let handle: ReturnType<typeof instrumentHighflame>;

beforeAll(async () => {
  dev = await startDevServer({ port: 0 });
  otel = startOtel();
  zeroid = new ZeroIDClient({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    accountId: dev.accountId,
    projectId: dev.projectId,
    adminAuth: "token", // exchange the service key for a token first, so the exchange span is covered
  });
  handle = instrumentHighflame(zeroid, {
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
  });
});
afterEach(() => otel.reset());
afterAll(async () => {
  handle?.uninstrument();
  await zeroid?.close();
  await otel?.shutdown();
  await dev?.close();
});

const register = () =>
  zeroid.agents.register({
    name: "Telemetry probe",
    external_id: `probe-${Math.random().toString(36).slice(2)}`,
    created_by: "user-1",
  });

describe("ZeroID admin and token calls", () => {
  it("an admin call is one CLIENT span, with the admin token exchange as its child", async () => {
    await register();
    const [span] = otel.finished("highflame.zeroid.agents.register");
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toMatchObject({
      [ATTR.operation]: "zeroid.agents.register",
      [ATTR.httpMethod]: "POST",
      [ATTR.retries]: 0,
    });
    expect(span!.attributes[ATTR.httpStatus]).toBeGreaterThanOrEqual(200);
    const exchanges = otel.finished("highflame.auth.token_exchange");
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.parentSpanContext?.spanId).toBe(span!.spanContext().spanId);
  });

  it("with the service key as the admin credential (the default), an admin call is one span and no exchange", async () => {
    const direct = new ZeroIDClient({
      baseUrl: dev.url,
      apiKey: dev.apiKey,
      accountId: dev.accountId,
      projectId: dev.projectId,
    });
    const directHandle = instrumentHighflame(direct, {
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    try {
      await direct.agents.list();
      const spans = otel.finished("highflame.zeroid.agents.list");
      expect(spans).toHaveLength(1);
      expect(spans[0]!.kind).toBe(SpanKind.CLIENT);
      expect(otel.finished("highflame.auth.token_exchange")).toHaveLength(0);
    } finally {
      directHandle.uninstrument();
      await direct.close();
    }
  });

  it("a helper calling another method yields one span, and the API key and tokens stay out of telemetry", async () => {
    const { api_key } = await register();
    otel.reset();
    const token = await zeroid.tokens.issueApiKey(api_key, { scope: ["reports:read"] });
    const names = otel.finished().map((s) => s.name);
    expect(names).toEqual(["highflame.zeroid.tokens.issueApiKey"]);
    const text = dump(otel.finished());
    expect(text).not.toContain(api_key);
    expect(text).not.toContain(token.access_token);
    expect(text).not.toContain(dev.apiKey);
  });

  it("a failed call is an ERROR span carrying the ZeroID error code", async () => {
    const error = await zeroid.agents.get("no-such-agent").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZeroIDError);
    const [span] = otel.finished("highflame.zeroid.agents.get");
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes).toMatchObject({
      [ATTR.httpStatus]: 404,
      [ATTR.zeroidCode]: (error as ZeroIDError).code,
      [ATTR.errorType]: (error as ZeroIDError).code,
    });
  });

  it("verification is an INTERNAL span with who was verified; a bad token records its code, never the token", async () => {
    const { identity, api_key } = await register();
    const { access_token } = await zeroid.tokens.issueApiKey(api_key);
    otel.reset();
    await zeroid.tokens.verify(access_token);
    const [ok] = otel.finished("highflame.zeroid.verify");
    expect(ok!.kind).toBe(SpanKind.INTERNAL);
    expect(ok!.attributes).toMatchObject({
      [ATTR.subject]: identity.wimse_uri,
      [ATTR.identitySource]: "jwt",
      [ATTR.delegationDepth]: 0,
    });
    const forged = tamper(access_token);
    await expect(zeroid.verifier.verifyBearer(`Bearer ${forged}`)).rejects.toThrow(ZeroIDError);
    const [, bad] = otel.finished("highflame.zeroid.verify");
    expect(bad!.status.code).toBe(SpanStatusCode.ERROR);
    expect(bad!.attributes[ATTR.zeroidCode]).toBe("invalid_signature");
    expect(dump(otel.finished())).not.toContain(forged.split(".")[2]!);
    expect(otel.finished("highflame.zeroid.verify")).toHaveLength(2); // verifyBearer → verify is not doubled
  });

  it("session() is a CLIENT span (introspection) with the identity source", async () => {
    const { api_key } = await register();
    const { access_token } = await zeroid.tokens.issueApiKey(api_key);
    otel.reset();
    await zeroid.tokens.session(access_token);
    const [span] = otel.finished("highflame.zeroid.tokens.session");
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes[ATTR.identitySource]).toBe("introspection");
    expect(String(span!.attributes[ATTR.url])).toMatch(/\/oauth2\/token\/introspect$/);
  });
});

describe("standalone verifier", () => {
  it("instrumentVerifier adds spans and latency to a createVerifier() verifier", async () => {
    const { api_key } = await register();
    const { access_token } = await zeroid.tokens.issueApiKey(api_key);
    otel.reset();
    const verifier = createVerifier({ issuer: dev.url });
    const own = instrumentVerifier(verifier, {
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    await verifier.verify(access_token);
    await expect(verifier.verify("not-a-jwt")).rejects.toThrow(ZeroIDError);
    const spans = otel.finished("highflame.zeroid.verify");
    expect(spans.map((s) => s.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.ERROR]);
    expect(spans[1]!.attributes[ATTR.zeroidCode]).toBe("malformed_token");
    const durations = await otel.points(METRIC.duration);
    expect(durations.some((p) => p.attributes[ATTR.operation] === "zeroid.verify")).toBe(true);
    own.uninstrument();
    await verifier.verify(access_token);
    expect(otel.finished("highflame.zeroid.verify")).toHaveLength(2);
    await verifier.close();
  });

  it("the HTTP middleware's own verifier can be instrumented: one span per request check", async () => {
    const { api_key } = await register();
    const { access_token } = await zeroid.tokens.issueApiKey(api_key);
    otel.reset();
    await using auth = createBearerAuth({ verifier: { issuer: dev.url } });
    const own = instrumentVerifier(auth.verifier, { tracerProvider: otel.tracerProvider });
    expect((await auth.authenticate(`Bearer ${access_token}`)).ok).toBe(true);
    expect((await auth.authenticate(`Bearer ${tamper(access_token)}`)).ok).toBe(false);
    own.uninstrument();
    const spans = otel.finished("highflame.zeroid.verify");
    expect(spans.map((s) => s.attributes[ATTR.zeroidCode])).toEqual([undefined, "invalid_signature"]);
  });
});
