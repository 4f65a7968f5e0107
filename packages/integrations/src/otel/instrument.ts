import { ConfigurationError } from "@highflame/core";
import type { ShieldClient } from "@highflame/shield";
import type { Verifier, ZeroIDClient } from "@highflame/zeroid";
import { instrumentShield } from "./instrument-shield.js";
import { instrumentVerifierMethods, instrumentZeroID } from "./instrument-zeroid.js";
import type { HighflameInstrumentationOptions } from "./options.js";
import type { Unpatch } from "./patch.js";
import { Telemetry } from "./telemetry.js";

/** Handle returned by {@link instrumentHighflame} and {@link instrumentVerifier}. */
export interface HighflameInstrumentation {
  /** Puts the original methods back and stops listening for HTTP call facts. Idempotent. */
  uninstrument(): void;
}

/** What {@link instrumentHighflame} accepts: a `Highflame`/`ShieldClient`, or a `ZeroIDClient`. */
export type InstrumentableClient = ShieldClient | ZeroIDClient;

const INSTALLED = Symbol.for("highflame.otel.instrumentation");
type Marked = { [INSTALLED]?: HighflameInstrumentation };

function install(target: object, telemetry: Telemetry, unpatches: Unpatch[]): HighflameInstrumentation {
  let done = false;
  const handle: HighflameInstrumentation = {
    uninstrument() {
      if (done) return;
      done = true;
      for (const unpatch of unpatches.reverse()) unpatch();
      telemetry.dispose();
      if ((target as Marked)[INSTALLED] === handle) delete (target as Marked)[INSTALLED];
    },
  };
  Object.defineProperty(target, INSTALLED, { value: handle, configurable: true, enumerable: false });
  return handle;
}

const isZeroID = (value: unknown): value is ZeroIDClient =>
  typeof value === "object" &&
  value !== null &&
  "agents" in value &&
  "tokens" in value &&
  "verifier" in value;

/**
 * Adds OpenTelemetry spans and metrics to one client, the way OpenTelemetry instrumentations do: the client's
 * operation methods are wrapped on that instance (nothing changes for clients you do not instrument, and nothing
 * runs on any hot path until you call this).
 *
 * - Spans (kind CLIENT), one per operation with retries included: `highflame.guard.evaluate` (also behind
 *   `evaluatePrompt`, `evaluateToolCall`, `start` and the `Shield` wrappers), `highflame.guard.stream` (ends when
 *   the stream does), `highflame.detect.run`, `highflame.auth.token_exchange` (a service-key exchange made during
 *   another call), `highflame.zeroid.<resource>.<method>` for ZeroID admin and token calls, and
 *   `highflame.zeroid.verify` (INTERNAL: local JWT verification).
 * - Attributes: decision, mode, effective mode, would-have-blocked, policy ids, detectors fired, audit and request
 *   ids, attempts and retries (from the `highflame:http:call` diagnostics channel), errors as span status. No
 *   prompt content, tool arguments or secrets unless `captureContent` is set.
 * - Metrics: `highflame.guard.decisions` (counter by decision, mode, content type) and
 *   `highflame.client.operation.duration` (histogram, seconds, by operation).
 *
 * A `Highflame` client's `zeroid` is instrumented too when it is configured. Instrumenting a client again
 * replaces the previous instrumentation.
 *
 * @example
 * ```ts
 * const otel = instrumentHighflame(client, { tracerProvider, meterProvider });
 * await client.guard.evaluatePrompt("hello"); // one highflame.guard.evaluate span
 * otel.uninstrument();
 * ```
 */
export function instrumentHighflame(
  client: InstrumentableClient,
  options: HighflameInstrumentationOptions = {},
): HighflameInstrumentation {
  if (!client || typeof client !== "object") {
    throw new ConfigurationError("instrumentHighflame needs a Highflame, ShieldClient or ZeroIDClient", {
      option: "client",
    });
  }
  (client as Marked)[INSTALLED]?.uninstrument();
  const telemetry = new Telemetry(options);
  const unpatches: Unpatch[] = [];
  if (isZeroID(client)) {
    unpatches.push(...instrumentZeroID(client, telemetry));
  } else if ("guard" in client && "detect" in client) {
    unpatches.push(...instrumentShield(client, telemetry));
    let zeroid: ZeroIDClient | undefined;
    try {
      zeroid = (client as { zeroid?: ZeroIDClient }).zeroid;
    } catch {
      zeroid = undefined; // a Highflame client without a ZeroID URL: nothing to instrument there
    }
    if (isZeroID(zeroid)) unpatches.push(...instrumentZeroID(zeroid, telemetry));
  } else {
    telemetry.dispose();
    throw new ConfigurationError("instrumentHighflame needs a Highflame, ShieldClient or ZeroIDClient", {
      option: "client",
    });
  }
  return install(client, telemetry, unpatches);
}

/**
 * Adds `highflame.zeroid.verify` spans (INTERNAL) and the duration metric to a standalone verifier from
 * `createVerifier`. Failures carry the verification code (`token_expired`, `invalid_signature`, …) as
 * `highflame.zeroid.error_code`; the token is never recorded.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer: "https://auth.example.com" });
 * instrumentVerifier(verifier, { tracerProvider });
 * ```
 */
export function instrumentVerifier(
  verifier: Verifier,
  options: HighflameInstrumentationOptions = {},
): HighflameInstrumentation {
  if (typeof (verifier as Verifier | undefined)?.verify !== "function") {
    throw new ConfigurationError("instrumentVerifier needs a Verifier (from createVerifier)", {
      option: "verifier",
    });
  }
  (verifier as Marked)[INSTALLED]?.uninstrument();
  const telemetry = new Telemetry(options);
  return install(verifier, telemetry, instrumentVerifierMethods(verifier, telemetry));
}
