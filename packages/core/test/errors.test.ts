import { oauthError, problemJson } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();

async function errorFor(response: Parameters<Awaited<ReturnType<typeof h.server>>["route"]>[2]) {
  const server = await h.server();
  server.route("POST", "/x", response);
  const { client } = h.client(server, { maxRetries: 0 });
  const error = await rejectionOf(client.request({ method: "POST", path: "/x", body: {} }));
  expect(server.requests).toHaveLength(1);
  return error as APIError;
}

describe("status → error class", () => {
  it.each([
    [400, BadRequestError, "bad_request"],
    [401, AuthenticationError, "authentication_error"],
    [403, PermissionDeniedError, "permission_denied"],
    [404, NotFoundError, "not_found"],
    [409, ConflictError, "conflict"],
    [422, UnprocessableEntityError, "unprocessable_entity"],
    [429, RateLimitError, "rate_limited"],
    [500, InternalServerError, "internal_server_error"],
    [502, InternalServerError, "internal_server_error"],
    [503, InternalServerError, "internal_server_error"],
    [504, InternalServerError, "internal_server_error"],
    [418, APIError, "api_error"],
  ])("%i → %o (%s) from a problem+json body", async (status, cls, code) => {
    const response = problemJson(status, `Title ${status}`, `Detail ${status}`);
    response.headers = { ...response.headers, "x-request-id": `rid-${status}` };
    const error = await errorFor(response);
    expect(error).toBeInstanceOf(cls);
    expect(error.constructor).toBe(cls);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.title).toBe(`Title ${status}`);
    expect(error.detail).toBe(`Detail ${status}`);
    expect(error.requestId).toBe(`rid-${status}`);
    expect(error.headers.get("content-type")).toBe("application/problem+json");
    expect(error.body).toMatchObject({ status, title: `Title ${status}` });
    expect(error.message).toBe(`${status} Title ${status}: Detail ${status}`);
  });

  it("RateLimitError carries retryAfterMs", async () => {
    const error = (await errorFor({ status: 429, headers: { "retry-after": "12" } })) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(12_000);
  });

  it("problem+json field errors are kept", async () => {
    const error = await errorFor(
      problemJson(422, "Unprocessable Entity", "validation failed", {
        errors: [{ message: "expected string", location: "body.name", value: 3 }],
      }),
    );
    expect(error.errors).toEqual([{ message: "expected string", location: "body.name", value: 3 }]);
  });
});

describe("error bodies", () => {
  it("OAuth error / error_description", async () => {
    const error = await errorFor(oauthError(401, "invalid_client", "client authentication failed"));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.title).toBe("invalid_client");
    expect(error.detail).toBe("client authentication failed");
    expect(error.message).toBe("401 invalid_client: client authentication failed");
  });

  it("nested {error:{code,message,status}}", async () => {
    const error = await errorFor({
      status: 400,
      body: { error: { code: 400, message: "field x is wrong", status: "INVALID_ARGUMENT" } },
    });
    expect(error.title).toBe("INVALID_ARGUMENT");
    expect(error.detail).toBe("field x is wrong");
  });

  it("plain text", async () => {
    const error = await errorFor({ status: 502, body: "bad gateway from proxy\n" });
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.title).toBeUndefined();
    expect(error.detail).toBe("bad gateway from proxy");
    expect(error.body).toBe("bad gateway from proxy");
  });

  it("HTML", async () => {
    const html = "<html><head><title>404</title></head><body>Not here</body></html>";
    const error = await errorFor({ status: 404, headers: { "content-type": "text/html" }, body: html });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.detail).toBe(html);
  });

  it("empty body", async () => {
    const error = await errorFor({ status: 409 });
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("409 status code (no body)");
    expect(error.body).toBeUndefined();
  });

  it("no x-request-id → requestId undefined", async () => {
    expect((await errorFor({ status: 400 })).requestId).toBeUndefined();
  });

  it.each(["truncate", "reset-after-headers"] as const)(
    "a %s error body still maps by status",
    async (fault) => {
      const error = await errorFor({
        status: 403,
        fault,
        body: { title: "Forbidden", detail: "x".repeat(100) },
      });
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error.status).toBe(403);
    },
  );

  it("a 200 with a body that is not JSON is an APIConnectionError, not retried", async () => {
    const server = await h.server();
    server.route("GET", "/x", { body: "<html>captive portal</html>" });
    const { client } = h.client(server);
    const error = await rejectionOf(client.request({ method: "GET", path: "/x" }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect(server.requests).toHaveLength(1);
  });

  it("requestWithResponse exposes status, headers and requestId; an empty 204 gives undefined data", async () => {
    const server = await h.server();
    server.route("DELETE", "/x", { status: 204, headers: { "x-request-id": "rid-204" } });
    const { client } = h.client(server);
    const response = await client.requestWithResponse({ method: "DELETE", path: "/x" });
    expect(response).toMatchObject({ status: 204, requestId: "rid-204", data: undefined });
    expect(response.headers.get("x-request-id")).toBe("rid-204");
  });
});
