import { randomBytes } from "node:crypto";
import {
  createCapturingLogger,
  generateTestKey,
  type RecordedRequest,
  startTestServer,
  type TestServer,
} from "@highflame/testing";
import { ShieldClient, type ShieldClientOptions } from "../src/index.js";

/** An unsigned JWT-shaped token with the given claims. */
export function makeJwt(claims: Record<string, unknown>): string {
  const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}.${randomBytes(16).toString("base64url")}`;
}

export const TOKEN_PATH = "/oauth2/token";

/** Token endpoint answer; tenant fields only when given. */
export function tokenResponse(extra: Record<string, unknown> = {}, claims: Record<string, unknown> = {}) {
  return {
    body: {
      access_token: makeJwt({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims }),
      token_type: "Bearer",
      expires_in: 3600,
      ...extra,
    },
  };
}

/** Policy outcome from keywords in the content: DENY, STEPUP, DEFER, PII (modify), ALERT, WEIRD (unknown). */
export function outcomeOf(content: string): string {
  if (content.includes("DENY")) return "deny";
  if (content.includes("STEPUP")) return "step_up";
  if (content.includes("DEFER")) return "defer";
  if (content.includes("WEIRD")) return "quarantine";
  if (content.includes("PII")) return "modify";
  return "allow";
}

/** A deterministic Shield: mode semantics of spec §8.2 applied to {@link outcomeOf}. */
export function guardResponder(req: RecordedRequest) {
  const body = req.json as { content: string; mode?: string };
  const outcome = outcomeOf(body.content);
  const mode = body.mode ?? "enforce";
  const passive = mode === "monitor" || mode === "alert";
  const decision = passive ? "allow" : outcome;
  return {
    headers: { "x-request-id": `req_${req.attempt}` },
    body: {
      decision,
      actual_decision: outcome,
      effective_mode: mode,
      alerted: mode === "alert" && outcome !== "allow",
      reason: outcome === "allow" ? undefined : `policy ${outcome}`,
      request_id: `req_${req.attempt}`,
      latency_ms: 1,
      signals: [],
      future_field: { kept: true },
      ...(decision === "modify" ? { redacted_content: body.content.replaceAll("PII", "[REDACTED]") } : {}),
    },
  };
}

export interface Harness {
  server: TestServer;
  client: ShieldClient;
  apiKey: string;
  logger: ReturnType<typeof createCapturingLogger>;
  guardCalls(): RecordedRequest[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** Test server with a token endpoint and a fake guard, plus a client pointed at it. */
export async function harness(
  options: Partial<ShieldClientOptions> = {},
  token = tokenResponse(),
): Promise<Harness> {
  const server = await startTestServer();
  const logger = createCapturingLogger();
  const apiKey = generateTestKey("zid_sk_");
  server.route("POST", TOKEN_PATH, token);
  server.route("POST", "/v1/guard", guardResponder);
  const client = new ShieldClient({
    apiKey,
    baseUrl: server.url,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    logger,
    logLevel: "debug",
    maxRetries: 0,
    ...options,
  });
  return {
    server,
    client,
    apiKey,
    logger,
    guardCalls: () => server.requestsTo("POST", "/v1/guard"),
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.close();
    },
  };
}
