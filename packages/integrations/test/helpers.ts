import { randomBytes } from "node:crypto";
import { ShieldClient, type ShieldClientOptions } from "@highflame/shield";
import {
  createCapturingLogger,
  type RecordedRequest,
  startTestServer,
  type TestServer,
} from "@highflame/testing";

/** An unsigned JWT-shaped bearer built per test (the client sends a JWT-looking key as is, no exchange). */
export function makeJwt(): string {
  const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = { exp: Math.floor(Date.now() / 1000) + 3600, sub: `test-${randomBytes(4).toString("hex")}` };
  return `${enc({ alg: "RS256", typ: "JWT" })}.${enc(claims)}.${randomBytes(16).toString("base64url")}`;
}

/** What a guard request body looks like on the server. */
export interface GuardBody {
  content: string;
  content_type: string;
  action: string;
  mode?: string;
  session_id?: string;
  tool?: { name: string; arguments?: Record<string, unknown>; description?: string };
  metadata?: Record<string, unknown>;
}

/** Policy outcome from keywords: DENY, STEPUP, DEFER, PII (modify), ALERT (alert policy), else allow. */
export function outcomeOf(content: string): string {
  if (content.includes("DENY")) return "deny";
  if (content.includes("STEPUP")) return "step_up";
  if (content.includes("DEFER")) return "defer";
  if (content.includes("PII")) return "modify";
  return "allow";
}

/** Deterministic Shield following spec §8.2: monitor/alert return allow with `actual_decision`. */
export function guardResponder(req: RecordedRequest) {
  const body = req.json as GuardBody;
  const outcome = outcomeOf(body.content);
  const mode = body.mode ?? "enforce";
  const passive = mode === "monitor" || mode === "alert";
  const decision = passive && outcome !== "modify" ? "allow" : outcome;
  return {
    status: 200,
    body: {
      decision,
      actual_decision: outcome,
      effective_mode: mode,
      alerted: (mode === "alert" && outcome !== "allow") || body.content.includes("ALERT"),
      ...(outcome === "allow" ? {} : { policy_reason: `policy ${outcome}` }),
      request_id: `req_${req.attempt}`,
      latency_ms: 1,
      signals: [],
      ...(decision === "modify" ? { redacted_content: body.content.replaceAll("PII", "[REDACTED]") } : {}),
    },
  };
}

/** A real Shield test server plus a ShieldClient pointed at it. */
export interface Harness extends AsyncDisposable {
  server: TestServer;
  client: ShieldClient;
  logger: ReturnType<typeof createCapturingLogger>;
  /** Bodies of the guard requests received, in order. */
  bodies(): GuardBody[];
  /** Guard requests received. */
  calls(): RecordedRequest[];
}

export async function harness(options: Partial<ShieldClientOptions> = {}): Promise<Harness> {
  const server = await startTestServer();
  server.route("POST", "/v1/guard", guardResponder);
  const logger = createCapturingLogger();
  const client = new ShieldClient({
    apiKey: makeJwt(),
    baseUrl: server.url,
    maxRetries: 0,
    logger,
    logLevel: "debug",
    ...options,
  });
  return {
    server,
    client,
    logger,
    calls: () => server.requestsTo("POST", "/v1/guard"),
    bodies: () => server.requestsTo("POST", "/v1/guard").map((r) => r.json as GuardBody),
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.close();
    },
  };
}

/** Bodies of one check kind (the adapters tag `metadata.check`). */
export function ofKind(bodies: GuardBody[], kind: string): GuardBody[] {
  return bodies.filter((b) => b.metadata?.check === kind);
}
