import { Highflame } from "@highflame/sdk";
import { instrumentHighflame } from "@highflame/sdk/integrations/otel";

const client = new Highflame({ apiKey: process.env.HIGHFLAME_API_KEY });
instrumentHighflame(client); // spans and metrics through the global OpenTelemetry providers
await client.guard.evaluatePrompt("hello"); // highflame.guard.evaluate, decision and ids as attributes
