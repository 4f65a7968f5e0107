import { hasSubscribers } from "node:diagnostics_channel";
import { HTTP_CALL_CHANNEL } from "@highflame/core";
import { ShieldClient } from "@highflame/shield";
import { generateTestKey } from "@highflame/testing";
import { createVerifier } from "@highflame/zeroid";
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
