import { hasSubscribers } from "node:diagnostics_channel";
import { HTTP_CALL_CHANNEL } from "@highflame/core";
import { startDevServer } from "@highflame/devserver";
import { ShieldClient } from "@highflame/shield";
import { generateTestKey } from "@highflame/testing";
import { createVerifier } from "@highflame/zeroid";
import { type Context, type ContextManager, context, ROOT_CONTEXT } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { expect, it } from "vitest";
import { instrumentHighflame, instrumentVerifier } from "../src/otel/index.js";

it("nothing listens to the HTTP call channel until something is instrumented, and nothing after", async () => {
  expect(hasSubscribers(HTTP_CALL_CHANNEL)).toBe(false); // importing the subpath subscribes to nothing
  const client = new ShieldClient({
    apiKey: generateTestKey(),
    baseUrl: "http://127.0.0.1:9",
    tokenUrl: "http://127.0.0.1:9/oauth2/token",
  });
  const proto = Object.getPrototypeOf(client.guard) as { evaluate: unknown };
  const verifier = createVerifier({ issuer: "http://127.0.0.1:9" });
  const a = instrumentHighflame(client);
  const b = instrumentVerifier(verifier);
  expect(hasSubscribers(HTTP_CALL_CHANNEL)).toBe(true);
  expect(Object.hasOwn(client.guard, "evaluate")).toBe(true);
  a.uninstrument();
  expect(hasSubscribers(HTTP_CALL_CHANNEL)).toBe(true); // the verifier's instrumentation still listens
  b.uninstrument();
  expect(hasSubscribers(HTTP_CALL_CHANNEL)).toBe(false);
  expect(Object.hasOwn(client.guard, "evaluate")).toBe(false);
  expect(client.guard.evaluate).toBe(proto.evaluate); // the prototype was never touched
  await client.close();
  await verifier.close();
});

/** A context manager that only counts how often a call is run inside a context. */
class CountingContextManager implements ContextManager {
  withCalls = 0;
  active(): Context {
    return ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    _context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.withCalls++;
    return fn.call(thisArg, ...args);
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

it("installed while tracing and metrics are off, a guard call enters no OpenTelemetry context", async () => {
  const dev = await startDevServer({ port: 0 });
  const manager = new CountingContextManager();
  context.setGlobalContextManager(manager);
  const client = new ShieldClient({
    apiKey: dev.apiKey,
    baseUrl: dev.url,
    tokenUrl: `${dev.url}/oauth2/token`,
    logLevel: "off",
  });
  try {
    const off = instrumentHighflame(client); // the API's global no-op tracer and meter providers
    expect((await client.guard.evaluatePrompt("hello")).decision).toBe("allow");
    expect(manager.withCalls).toBe(0);
    off.uninstrument();

    const spans = new InMemorySpanExporter();
    const on = instrumentHighflame(client, {
      tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    });
    expect((await client.guard.evaluatePrompt("hello")).decision).toBe("allow");
    expect(manager.withCalls).toBeGreaterThan(0); // a recording tracer: the same call runs in its span's context
    expect(spans.getFinishedSpans().map((s) => s.name)).toContain("highflame.guard.evaluate");
    on.uninstrument();
  } finally {
    context.disable();
    await client.close();
    await dev.close();
  }
});
