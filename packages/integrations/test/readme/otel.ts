import { instrumentHighflame } from "@highflame/integrations/otel";
import { ShieldClient } from "@highflame/shield";
import { trace } from "@opentelemetry/api";
import { MeterProvider } from "@opentelemetry/sdk-metrics";

const client = new ShieldClient({ apiKey: process.env.HIGHFLAME_API_KEY });
const otel = instrumentHighflame(client, {
  tracerProvider: trace.getTracerProvider(), // the default: whatever NodeSDK registered
  meterProvider: new MeterProvider(), // or omit for the global one
  captureContent: false, // the default: no prompts, tool arguments or secrets in telemetry
});
await client.guard.evaluatePrompt("What is our refund policy?"); // one highflame.guard.evaluate span
otel.uninstrument();
