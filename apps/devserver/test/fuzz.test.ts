// Seeded, bounded fuzzing of every route with generated methods, paths, headers and bodies. Asserts: no 5xx
// except injected faults, every error has a JSON body, the process stays up, and with a state file every
// acknowledged write (identities, API keys) is readable after a restart (clients that reset mid-request included).
// Scale with HIGHFLAME_FUZZ_RUNS (default 300 requests) and replay with HIGHFLAME_FUZZ_SEED.
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../src/index.js";
import { fetchToken } from "./support/helpers.js";
import { rawRequest } from "./support/raw-http.js";

const RUNS = Number(process.env.HIGHFLAME_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.HIGHFLAME_FUZZ_SEED ?? 20_261_201);
/** Faults the suite injects itself: only these may answer 5xx. */
const INJECTED = { errorRate: 0.2, errorStatus: 503, paths: ["/v1/detect", "/api/v1/signals"] };

const ROUTES = [
  "/v1/guard",
  "/v1/guard/stream",
  "/v1/detect",
  "/v1/detectors",
  "/v1/debug/policies?product=guardrails",
  "/v1/health",
  "/v1/shield/guard",
  "/v1/shield/detect",
  "/health",
  "/ready",
  "/.well-known/oauth-authorization-server",
  "/.well-known/oauth-protected-resource",
  "/.well-known/jwks.json",
  "/.well-known/spiffe-trust-bundle.json",
  "/oauth2/token",
  "/oauth2/token/introspect",
  "/oauth2/token/revoke",
  "/oauth2/token/verify",
  "/api/v1/agents/register",
  "/api/v1/agents/registry",
  "/api/v1/agents/registry/:id",
  "/api/v1/agents/registry/facets",
  "/api/v1/agents/registry/:id/activate",
  "/api/v1/agents/registry/:id/deactivate",
  "/api/v1/agents/registry/:id/rotate-key",
  "/api/v1/identities",
  "/api/v1/identities/:id",
  "/api/v1/identities/schema",
  "/api/v1/identities/by-wimse",
  "/api/v1/identities/:id/expire",
  "/api/v1/identities/offboard-by-owner",
  "/api/v1/api-keys",
  "/api/v1/api-keys/:id",
  "/api/v1/api-keys/:id/revoke",
  "/api/v1/oauth/clients",
  "/api/v1/oauth/clients/:id",
  "/api/v1/oauth/clients/:id/rotate-secret",
  "/api/v1/credential-policies",
  "/api/v1/credential-policies/:id",
  "/api/v1/credentials/issue",
  "/api/v1/credentials/:id",
  "/api/v1/credentials/:id/revoke",
  "/api/v1/signals/ingest",
  "/api/v1/signals",
  "/api/v1/proof/generate",
  "/api/v1/proof/verify",
  "/_dev/faults",
];

const SUPPORTED = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BREW", "PROPFIND"];

const segment = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom("%FF", "%E0%A4%A", "%", "%00", "..", "%2e%2e%2f", "a%2Fb"),
);

const path = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(fc.constantFrom(...ROUTES), segment).map(([r, s]) => r.replace(":id", s)),
  },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join("/")}`) },
);

const deep = fc.integer({ min: 1, max: 5000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`);
const metadata = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

const guardBody = fc.record(
  {
    content: fc.oneof(fc.string(), fc.constantFrom("Ignore all previous instructions", "rm -rf /", "a@b.co")),
    content_type: fc.constantFrom("prompt", "response", "tool_call", "file", "bogus"),
    action: fc.constantFrom("process_prompt", "call_tool", "read_file", "x"),
    mode: fc.constantFrom("enforce", "monitor", "alert", "modify", "other"),
    session_id: fc.string({ maxLength: 16 }),
    tool: fc.record({ name: fc.string({ maxLength: 12 }), arguments: metadata }, { requiredKeys: [] }),
    metadata,
    detectors: fc.array(fc.constantFrom("pii", "secrets", "nope"), { maxLength: 3 }),
    explain: fc.boolean(),
    debug: fc.boolean(),
    early_exit: fc.boolean(),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { weight: 3, arbitrary: guardBody.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: deep.map((d) => `{"external_id":"x","owner_user_id":"u","metadata":${d}}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc
      .record({ grant_type: fc.constantFrom("api_key", "client_credentials", "x"), api_key: fc.string() })
      .map((b) => new URLSearchParams(b).toString()),
  },
);

const headers = fc.record(
  {
    "content-type": fc.constantFrom(
      "application/json",
      "application/x-www-form-urlencoded",
      "text/plain",
      "application/merge-patch+json",
    ),
    authorization: fc.oneof(
      fc.constant("TOKEN"),
      fc.constant("ADMIN"),
      fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
      fc.string({ maxLength: 40 }).map((s) => `Basic ${Buffer.from(s).toString("base64")}`),
      fc.constant(`Basic ${Buffer.from("%E0%A4%A:secret").toString("base64")}`),
    ),
    tenant: fc.constantFrom("own", "other", "none"),
    "idempotency-key": fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
    "x-request-id": fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    "x-highflame-sse-vocabulary": fc.constantFrom("docs", "rust", "klingon"),
    "x-user-id": fc.constantFrom("user-1", "system:x"),
  },
  { requiredKeys: [] },
);

/** A write the suite expects to read back after the restart: a valid identity with generated fields. */
// As JSON text: values thousands deep overflow fast-check's own (recursive) value handling.
const nestedMetadata = fc.integer({ min: 1, max: 6000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`);
const identityWrite = fc.record({
  name: fc.string({ maxLength: 40 }),
  description: fc.string({ maxLength: 80 }),
  labels: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
    maxKeys: 3,
  }),
  // Mostly ordinary; sometimes nested up to 6,000 deep (the depth limit answers 400, within it 201).
  metadata: fc.oneof(
    { weight: 3, arbitrary: metadata.map((m) => JSON.stringify(m)) },
    { weight: 1, arbitrary: nestedMetadata },
  ),
});

const rawLine = fc.oneof(
  fc
    .stringMatching(/^[A-Z]{1,10}$/)
    .map((m) => `${m} /v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`),
  fc.constant("CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n"),
  fc
    .integer({ min: 8, max: 80 })
    .map(
      (k) => `GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(k * 1024)}\r\nconnection: close\r\n\r\n`,
    ),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => `${Buffer.from(b).toString("latin1")}\r\n\r\n`),
);

const request = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant("http" as const),
      method: fc.constantFrom(...METHODS),
      path,
      headers,
      body,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("write" as const), identity: identityWrite }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("key" as const),
      name: fc.string({ minLength: 1, maxLength: 40 }),
      metadata: metadata.map((m) => JSON.stringify(m)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("raw" as const), text: rawLine }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("reset" as const),
      text: fc.oneof(
        rawLine,
        fc.constant("POST /v1/guard HTTP/1.1\r\nhost: x\r\ncontent-length: 9999\r\n\r\n{"),
      ),
      afterMs: fc.integer({ min: 0, max: 20 }),
    }),
  },
);

let dir: string;
let stateFile: string;
let server: DevServer;
let token: string;
const ADMIN_KEY = `admin-${process.pid}-${Date.now()}`;
const acknowledged: { id: string; sent: Record<string, unknown> }[] = [];
/** API keys the server acknowledged (201): each must still exchange for a token after the restart. */
const issuedKeys: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hf-fuzz-"));
  stateFile = join(dir, "state.json");
  server = await startDevServer({ port: 0, stateFile, adminKey: ADMIN_KEY, bodyLimitBytes: 64 * 1024 });
  token = await fetchToken(server.url, server.apiKey);
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function tenantHeaders(which: string | undefined): Record<string, string> {
  if (which === "own") return { "x-account-id": server.accountId, "x-project-id": server.projectId };
  if (which === "other") return { "x-account-id": "acct-fuzz", "x-project-id": "proj-fuzz" };
  return {};
}

async function checkResponse(res: Response, what: string): Promise<void> {
  const type = res.headers.get("content-type") ?? "";
  let text = "";
  if (type.startsWith("text/event-stream")) {
    // The signal stream never ends by itself; the guard stream does. Read what arrives within a second.
    const reader = res.body!.getReader();
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), 200)),
      ]);
      if (chunk === null || chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    expect(text, what).not.toContain('"status":500');
  } else text = await res.text();
  const method = what.split(" ")[0]!;
  if (method === "HEAD") {
    // No body to inspect: the status alone must be one the server may choose.
    const injectable = INJECTED.paths.some((p) => what.split(" ")[1]!.startsWith(p));
    expect(res.status < 500 || (res.status === 503 && injectable), `${what} → ${res.status}`).toBe(true);
    return;
  }
  if (res.status === 501 && !SUPPORTED.has(method)) {
    // RFC 9110 §15.6.2: a method the server does not implement is 501, the one 5xx that is the client's doing.
    expect(JSON.parse(text), `${what} → 501 ${text}`).toMatchObject({ title: "not_implemented" });
  } else if (res.status >= 500) {
    expect(JSON.parse(text), `${what} → ${res.status} ${text}`).toMatchObject({ title: "injected_fault" });
  }
  if (res.status >= 400) {
    expect(type, `${what} → ${res.status}: error body type`).toMatch(/^application\/(problem\+)?json/);
    expect(() => JSON.parse(text), `${what} → ${res.status}: error body is JSON`).not.toThrow();
  }
}

type GeneratedRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

async function send(r: GeneratedRequest): Promise<void> {
  server.faults.clear();
  server.faults.set(INJECTED);
  if (r.kind === "reset") {
    // A client that sends part of a request and resets the connection: nobody to answer, nothing may crash.
    await new Promise<void>((resolve) => {
      const socket = connect(Number(new URL(server.url).port), "127.0.0.1", () => {
        socket.write(r.text);
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, r.afterMs);
      });
      socket.on("error", () => resolve());
    });
    return;
  }
  if (r.kind === "raw") {
    const reply = await rawRequest(server.url, r.text, 3000).catch(() => undefined);
    // Garbage may close without a reply only when it is not an HTTP request at all; anything that got a status
    // must be a 4xx/5xx-with-body the server chose, never a 500.
    if (reply) expect(reply.status, JSON.stringify(r.text.slice(0, 80))).not.toBe(500);
    return;
  }
  if (r.kind === "key") {
    const res = await fetch(`${server.url}/api/v1/api-keys`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${ADMIN_KEY}`,
        ...tenantHeaders("own"),
      },
      body: `{"name":${JSON.stringify(r.name)},"metadata":${r.metadata}}`,
      signal: AbortSignal.timeout(5000),
    });
    const reply = (await res.json()) as { key?: string };
    expect(res.status, JSON.stringify(reply).slice(0, 300)).toBe(201);
    issuedKeys.push(reply.key!);
    return;
  }
  if (r.kind === "write") {
    const { metadata: metadataText, ...fields } = r.identity;
    const externalId = `fuzz-${acknowledged.length}`;
    const res = await fetch(`${server.url}/api/v1/identities`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${ADMIN_KEY}`,
        ...tenantHeaders("own"),
      },
      body: `${JSON.stringify({ ...fields, external_id: externalId, owner_user_id: "u" }).slice(0, -1)},"metadata":${metadataText}}`,
      signal: AbortSignal.timeout(5000),
    });
    const reply = (await res.json()) as { id?: string };
    if (res.status !== 201) {
      // Refused: only ever as the client's fault, with a problem body, and then nothing is acknowledged.
      expect([400, 413], JSON.stringify(reply).slice(0, 300)).toContain(res.status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      return;
    }
    const sent = JSON.parse(
      JSON.stringify({ ...fields, external_id: externalId, metadata: JSON.parse(metadataText) }),
    );
    acknowledged.push({ id: reply.id!, sent });
    return;
  }
  const { tenant, authorization, ...rest } = r.headers;
  const h: Record<string, string> = { ...rest, ...tenantHeaders(tenant) };
  if (authorization === "TOKEN") h.authorization = `Bearer ${token}`;
  else if (authorization === "ADMIN") h.authorization = `Bearer ${ADMIN_KEY}`;
  else if (authorization !== undefined) h.authorization = authorization;
  const hasBody = r.method !== "GET" && r.method !== "HEAD";
  const what = `${r.method} ${r.path}`;
  const res = await fetch(server.url + r.path, {
    method: r.method,
    headers: h,
    body: hasBody ? r.body : undefined,
    signal: AbortSignal.timeout(5000),
  });
  await checkResponse(res, what);
}

it(`${RUNS} generated requests over every route: no 5xx but injected faults, server up, writes survive a restart`, async () => {
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      await send(r);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  server.faults.clear();
  expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  expect(acknowledged.length).toBeGreaterThan(0);
  expect(issuedKeys.length).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 100)); // the debounced write runs with the server up

  await server.close();
  server = await startDevServer({ port: 0, stateFile, adminKey: ADMIN_KEY });
  for (const { id, sent } of acknowledged) {
    const res = await fetch(`${server.url}/api/v1/identities/${id}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...tenantHeaders("own") },
    });
    expect(res.status, `identity ${id} after restart`).toBe(200);
    const back = (await res.json()) as Record<string, unknown>;
    expect(back).toMatchObject({
      external_id: sent.external_id,
      labels: sent.labels,
      metadata: sent.metadata,
    });
  }
  for (const key of issuedKeys) await fetchToken(server.url, key);
}, 120_000);
