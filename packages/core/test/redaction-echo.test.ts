import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { generateTestKey, type RecordedRequest } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  APIError,
  type AuthProvider,
  HighflameError,
  RedirectError,
  ResponseValidationError,
} from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();

/** Secrets of one test: a service key, an opaque bearer token and a client secret of no known format. */
function secrets() {
  return {
    apiKey: generateTestKey(),
    token: `opaque${randomBytes(18).toString("base64url")}`,
    clientSecret: `cs${randomBytes(18).toString("hex")}`,
    cookie: `session=${randomBytes(12).toString("hex")}`,
  };
}

/** Everything an error can be printed as. */
function renderings(error: unknown): Record<string, string> {
  const err = error as Error;
  return {
    message: err.message,
    stack: String(err.stack),
    string: String(err),
    json: JSON.stringify(err),
    inspect: inspect(err, { depth: 10 }),
    inspectHidden: inspect(err, { depth: 10, showHidden: true }),
  };
}

function expectClean(error: unknown, values: string[]): void {
  for (const [how, text] of Object.entries(renderings(error))) {
    for (const value of values) expect(text, `${how} leaks ${value.slice(0, 8)}…`).not.toContain(value);
  }
}

/** Everything the request carried, echoed back in every place an error body and headers can hold it. */
function echo(status: number, req: RecordedRequest) {
  const received = [
    String(req.headers.authorization ?? ""),
    String(req.headers.cookie ?? ""),
    req.body,
    req.form?.get("client_secret") ?? "",
  ].join(" | ");
  return {
    status,
    headers: {
      "content-type": "application/problem+json",
      "set-cookie": [String(req.headers.cookie ?? "")],
      authorization: String(req.headers.authorization ?? ""),
    },
    body: {
      title: "echo",
      error: "invalid_client",
      detail: `you sent ${received}`,
      error_description: `you sent ${received}`,
      errors: [{ message: "bad", location: "body.api_key", value: received }],
    },
  };
}

describe("errors never print the credentials a server echoes back", () => {
  it.each([400, 401, 403, 404, 409, 422, 429, 500, 418])(
    "every rendering of the %i error is clean",
    async (status) => {
      const s = secrets();
      const server = await h.server();
      server.fallback((req) => echo(status, req));
      const auth: AuthProvider = { authHeaders: async () => ({ authorization: `Bearer ${s.token}` }) };
      const { client, logger } = h.client(server, { auth, maxRetries: 0, headers: { cookie: s.cookie } });
      const error = await rejectionOf(
        client.request({ method: "POST", path: "/v1/x", body: { api_key: s.apiKey, prompt: "hi" } }),
      );
      expect(error).toBeInstanceOf(APIError);
      // The echo really happened (the server saw the secrets), and the error still says what went wrong.
      expect(server.requests[0]!.body).toContain(s.apiKey);
      expect((error as APIError).detail).toMatch(/^you sent \[REDACTED\]/);
      expect((error as APIError).headers.get("set-cookie")).toBe(s.cookie);
      expectClean(error, [s.apiKey, s.token, s.cookie]);
      expect(logger.text()).not.toContain(s.token);
      expect(logger.text()).not.toContain(s.apiKey);
    },
  );

  it("a client secret sent in a form and echoed in error_description is scrubbed", async () => {
    const s = secrets();
    const server = await h.server();
    server.fallback((req) => echo(401, req));
    const { client, logger } = h.client(server, { maxRetries: 0 });
    const error = await rejectionOf(
      client.request({
        method: "POST",
        path: "/oauth2/token",
        form: { grant_type: "client_credentials", client_id: "c1", client_secret: s.clientSecret },
      }),
    );
    expect(server.requests[0]!.form?.get("client_secret")).toBe(s.clientSecret);
    expectClean(error, [s.clientSecret]);
    expect(logger.text()).not.toContain(s.clientSecret);
  });

  it("a redirect to a Location carrying the credential is named without it", async () => {
    const s = secrets();
    const server = await h.server();
    const other = await h.server();
    server.fallback((req) => ({
      status: 307,
      headers: { location: `${other.url}/steal/${String(req.headers.authorization).split(" ")[1]}` },
    }));
    const auth: AuthProvider = { authHeaders: async () => ({ authorization: `Bearer ${s.token}` }) };
    const { client } = h.client(server, { auth });
    const error = await rejectionOf(client.request({ method: "GET", path: "/v1/x" }));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBe(`${other.url}/steal/[REDACTED]`);
    expectClean(error, [s.token]);
  });

  it("a response that fails its schema names the field, not the echoed value", async () => {
    const s = secrets();
    const server = await h.server();
    server.fallback((req) => ({ body: { decision: req.json } }));
    const { client } = h.client(server);
    const error = await rejectionOf(
      client.request(
        { method: "POST", path: "/v1/x", body: { api_key: s.apiKey } },
        z.object({ decision: z.string() }),
      ),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).field).toBe("decision");
    expectClean(error, [s.apiKey]);
  });

  it("inspect of a bare HighflameError with a secret-bearing cause redacts the cause", () => {
    const key = generateTestKey();
    const error = new HighflameError(`failed with ${key}`, { cause: new Error(`inner ${key}`) });
    expectClean(error, [key]);
    expect(inspect(error)).toContain("inner [REDACTED]");
  });
});
