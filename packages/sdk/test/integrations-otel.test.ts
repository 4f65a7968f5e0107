import { instrumentHighflame } from "@highflame/sdk/integrations/otel";
import { SpanKind } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type E2EServer, highflameFor, startE2EServer } from "./e2e-helpers.js";

let server: E2EServer;
beforeAll(async () => {
  server = await startE2EServer();
});
afterAll(() => server?.close());

it("instrumentHighflame(highflame) traces guard calls and the client's ZeroID calls on one token cache", async () => {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const client = highflameFor(server, { accountId: server.accountId, projectId: server.projectId });
  const otel = instrumentHighflame(client, { tracerProvider });
  try {
    await client.guard.evaluatePrompt("hello");
    await client.zeroid.agents.list();
  } finally {
    otel.uninstrument();
    await client.close();
  }
  const spans = exporter.getFinishedSpans();
  expect(spans.map((s) => s.name).sort()).toEqual([
    "highflame.auth.token_exchange", // one exchange, shared by Shield and ZeroID
    "highflame.guard.evaluate",
    "highflame.zeroid.agents.list",
  ]);
  expect(spans.every((s) => s.kind === SpanKind.CLIENT)).toBe(true);
  await tracerProvider.shutdown();
});
