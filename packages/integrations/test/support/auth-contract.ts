import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BearerAuthOptions } from "../../src/http/index.js";
import { startTestIssuer, type TestIssuer, tamper } from "./issuer.js";

/**
 * A running app with these routes, each answering `{ sub, source }` of the identity (`sub: null` when none):
 * `GET /me` (defaults only), `/reports` (`scopes: ["reports:read"]`), `/admin` (`trustLevel: "first_party"`,
 * `allowDelegated: false`), `/tools` (`tools: ["search"]`), `/public` (`optional: true`).
 */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Starts the framework's app with the given middleware options. */
export type StartApp = (options: BearerAuthOptions) => Promise<RunningApp>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function get(url: string, authorization?: string): Promise<Answer> {
  const res = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the assertions on json will say so
  }
  return { status: res.status, headers: res.headers, text, json };
}

function expectNoToken(answer: Answer, token: string): void {
  const everything = `${answer.text}\n${[...answer.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}`;
  for (const piece of [token, ...token.split(".")]) expect(everything).not.toContain(piece);
}

function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.headers.get("cache-control")).toBe("no-store");
  expect(answer.json).toMatchObject({ type: "about:blank", status, code });
}

/** The RFC 6750 behaviour every adapter must show, run against the real framework on port 0. */
export function describeAuthContract(framework: string, start: StartApp): void {
  describe(`${framework}: ZeroID bearer auth (RFC 6750)`, () => {
    let issuer: TestIssuer;
    let app: RunningApp;
    beforeAll(async () => {
      issuer = await startTestIssuer();
      app = await start({ verifier: { issuer: issuer.url } });
    });
    afterAll(async () => {
      await app?.close();
      await issuer?.close();
    });

    it("401 with a bare `Bearer` challenge and no error code when no token is sent", async () => {
      const answer = await get(`${app.url}/me`);
      expectProblem(answer, 401, "missing_token");
      expect(answer.headers.get("www-authenticate")).toBe("Bearer");
      expect(answer.json.error).toBeUndefined();
    });

    it.each([
      ["another scheme", "Basic dXNlcjpwYXNz"],
      ["Bearer without a token", "Bearer"],
      ["two tokens", "Bearer abc.def.ghi extra"],
      ["characters outside b64token", "Bearer abc,def"],
    ])("400 invalid_request for a malformed header (%s)", async (_name, header) => {
      const answer = await get(`${app.url}/me`, header);
      expectProblem(answer, 400, "malformed_token");
      expect(answer.json.error).toBe("invalid_request");
      expect(answer.headers.get("www-authenticate")).toMatch(
        /^Bearer error="invalid_request", error_description="/,
      );
    });

    it("401 invalid_token with the reason for an expired token, never echoing it", async () => {
      const token = issuer.token({ exp: Math.floor(Date.now() / 1000) - 3600 });
      const answer = await get(`${app.url}/me`, `Bearer ${token}`);
      expectProblem(answer, 401, "token_expired");
      expect(answer.json.error).toBe("invalid_token");
      expect(answer.headers.get("www-authenticate")).toBe(
        'Bearer error="invalid_token", error_description="Token has expired"',
      );
      expectNoToken(answer, token);
    });

    it("401 invalid_token for a tampered signature, a foreign issuer and an HS256 token", async () => {
      const forged = tamper(issuer.token());
      const bad = await get(`${app.url}/me`, `Bearer ${forged}`);
      expectProblem(bad, 401, "invalid_signature");
      expectNoToken(bad, forged);
      const foreign = issuer.token({ iss: "https://elsewhere.example" });
      expectProblem(await get(`${app.url}/me`, `Bearer ${foreign}`), 401, "issuer_mismatch");
      const hs = issuer.token({}, { alg: "HS256" });
      const answer = await get(`${app.url}/me`, `Bearer ${hs}`);
      expectProblem(answer, 401, "algorithm_not_allowed");
      expect(answer.json.error).toBe("invalid_token");
    });

    it("401 invalid_token for a token without exp, for another audience and without tenancy claims", async () => {
      expectProblem(
        await get(`${app.url}/me`, `Bearer ${issuer.token({ exp: undefined })}`),
        401,
        "claim_missing",
      );
      const aud = await get(`${app.url}/me`, `Bearer ${issuer.token({ aud: ["https://other.example"] })}`);
      expectProblem(aud, 401, "audience_mismatch");
      const tenantless = await get(`${app.url}/me`, `Bearer ${issuer.token({ account_id: undefined })}`);
      expectProblem(tenantless, 401, "claim_missing");
    });

    it("passes a valid token and exposes the typed identity to the handler", async () => {
      const token = issuer.token({ sub: "spiffe://test.local/agent/alice" });
      const answer = await get(`${app.url}/me`, `bearer  ${token}`);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ sub: "spiffe://test.local/agent/alice", source: "jwt" });
    });

    it("403 insufficient_scope naming the scope a route needs", async () => {
      const narrow = await get(`${app.url}/reports`, `Bearer ${issuer.token({ scopes: ["profile:read"] })}`);
      expectProblem(narrow, 403, "insufficient_scope");
      expect(narrow.json).toMatchObject({ error: "insufficient_scope", scope: "reports:read" });
      expect(narrow.headers.get("www-authenticate")).toBe(
        'Bearer error="insufficient_scope", error_description="Missing required scope: reports:read", scope="reports:read"',
      );
      const wide = await get(
        `${app.url}/reports`,
        `Bearer ${issuer.token({ scope: "profile:read reports:read" })}`,
      );
      expect(wide.status).toBe(200);
    });

    it("403 for a trust level below the route's minimum and for a delegated caller where delegation is refused", async () => {
      const low = await get(`${app.url}/admin`, `Bearer ${issuer.token({ trust_level: "unverified" })}`);
      expectProblem(low, 403, "insufficient_trust");
      expect(low.json.error).toBe("insufficient_scope");
      const delegated = issuer.token({
        grant_type: "token_exchange",
        delegation_depth: 1,
        act: { sub: "spiffe://test.local/agent/orchestrator" },
      });
      expectProblem(await get(`${app.url}/admin`, `Bearer ${delegated}`), 403, "delegation_not_allowed");
      expect((await get(`${app.url}/me`, `Bearer ${delegated}`)).status).toBe(200); // allowed by default
      expect((await get(`${app.url}/admin`, `Bearer ${issuer.token()}`)).status).toBe(200);
    });

    it("403 when the caller's allowed_tools lacks the route's tool", async () => {
      const none = await get(`${app.url}/tools`, `Bearer ${issuer.token({ allowed_tools: ["browse"] })}`);
      expectProblem(none, 403, "tool_not_allowed");
      expect(none.json.detail).toBe("Caller may not use tool: search");
      const ok = await get(
        `${app.url}/tools`,
        `Bearer ${issuer.token({ allowed_tools: ["browse", "search"] })}`,
      );
      expect(ok.status).toBe(200);
    });

    it("an optional route lets anonymous requests through but still refuses a bad token", async () => {
      expect((await get(`${app.url}/public`)).json).toEqual({ sub: null, source: null });
      expectProblem(
        await get(`${app.url}/public`, `Bearer ${tamper(issuer.token())}`),
        401,
        "invalid_signature",
      );
      const token = issuer.token({ sub: "spiffe://test.local/agent/bob" });
      expect((await get(`${app.url}/public`, `Bearer ${token}`)).json).toEqual({
        sub: "spiffe://test.local/agent/bob",
        source: "jwt",
      });
    });

    it("an unexpected verifier failure reaches the framework's error handling as a 500, never hanging", async () => {
      const broken = await start({
        verifier: {
          verify: () => Promise.reject(new TypeError("verifier exploded")),
          verifyBearer: () => Promise.reject(new TypeError("unused")),
          jwksFetchCount: 0,
          close: async () => {},
          [Symbol.asyncDispose]: async () => {},
        },
      });
      try {
        const token = issuer.token();
        const answer = await get(`${broken.url}/me`, `Bearer ${token}`);
        expect(answer.status).toBe(500);
        expectNoToken(answer, token);
      } finally {
        await broken.close();
      }
    });

    it("fetches the JWKS once for many requests", async () => {
      const before = issuer.server.requestsTo("GET", "/.well-known/jwks.json").length;
      await Promise.all(Array.from({ length: 5 }, () => get(`${app.url}/me`, `Bearer ${issuer.token()}`)));
      expect(issuer.server.requestsTo("GET", "/.well-known/jwks.json").length).toBe(before);
    });
  });
}
