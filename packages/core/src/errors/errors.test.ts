import { generateTestKey } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import { fakeJwt } from "../../test/secrets.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  makeAPIError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./api-error.js";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  ConfigurationError,
  RequestValidationError,
  ResponseValidationError,
  StreamError,
} from "./client-errors.js";
import { HighflameError } from "./highflame-error.js";

const problem = (status: number) =>
  JSON.stringify({ type: "about:blank", title: `T${status}`, status, detail: `D${status}` });

describe("makeAPIError", () => {
  it.each([
    [400, BadRequestError, "bad_request"],
    [401, AuthenticationError, "authentication_error"],
    [403, PermissionDeniedError, "permission_denied"],
    [404, NotFoundError, "not_found"],
    [409, ConflictError, "conflict"],
    [422, UnprocessableEntityError, "unprocessable_entity"],
    [429, RateLimitError, "rate_limited"],
    [500, InternalServerError, "internal_server_error"],
    [503, InternalServerError, "internal_server_error"],
    [599, InternalServerError, "internal_server_error"],
  ] as const)("maps %i to %o with code %s", (status, cls, code) => {
    const error = makeAPIError(status, new Headers({ "x-request-id": "rid-1" }), problem(status));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(HighflameError);
    expect(error).toBeInstanceOf(Error);
    expect(error.constructor).toBe(cls);
    expect(error.name).toBe(cls.name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe("rid-1");
    expect(error.title).toBe(`T${status}`);
    expect(error.detail).toBe(`D${status}`);
    expect(error.message).toBe(`${status} T${status}: D${status}`);
  });

  it("maps other statuses (418) to a plain APIError", () => {
    const error = makeAPIError(418, new Headers(), "I'm a teapot");
    expect(error.constructor).toBe(APIError);
    expect(error.code).toBe("api_error");
    expect(error).not.toBeInstanceOf(BadRequestError);
    expect(error.detail).toBe("I'm a teapot");
    expect(error.body).toBe("I'm a teapot");
  });

  it("describes an empty body and honours an explicit message", () => {
    expect(makeAPIError(502, new Headers(), "").message).toBe("502 status code (no body)");
    expect(makeAPIError(500, new Headers(), "", "custom").message).toBe("custom");
  });

  it("reads retryAfterMs on RateLimitError", () => {
    const error = makeAPIError(429, new Headers({ "retry-after": "7" }), "") as RateLimitError;
    expect(error.retryAfterMs).toBe(7000);
    expect((makeAPIError(429, new Headers(), "") as RateLimitError).retryAfterMs).toBeUndefined();
  });
});

describe("error classes", () => {
  it("carry stable codes and keep cause", () => {
    const cause = new Error("socket hang up");
    expect(new APIConnectionError("x", { cause }).cause).toBe(cause);
    expect(new APIConnectionError().code).toBe("connection_error");
    const timeout = new APIConnectionTimeoutError();
    expect(timeout.code).toBe("timeout");
    expect(timeout).toBeInstanceOf(APIConnectionError);
    expect(new APIUserAbortError().code).toBe("aborted");
    expect(new APIUserAbortError()).not.toBeInstanceOf(APIConnectionError);
    expect(new StreamError("s", { requestId: "r" }).toJSON()).toMatchObject({
      code: "stream_error",
      requestId: "r",
    });
    expect(new ResponseValidationError("v", { field: "a.b", requestId: "r" }).toJSON()).toMatchObject({
      code: "invalid_response",
      field: "a.b",
      requestId: "r",
    });
    expect(new RequestValidationError("q", { field: "path" }).toJSON()).toMatchObject({ field: "path" });
    expect(new ConfigurationError("c", { option: "baseUrl" })).toMatchObject({
      code: "invalid_config",
      option: "baseUrl",
    });
    expect(new HighflameError("plain").code).toBe("highflame_error");
  });

  it("does not treat unrelated errors as Highflame errors", () => {
    expect(new Error("x")).not.toBeInstanceOf(HighflameError);
    expect({ code: "timeout" }).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(null).not.toBeInstanceOf(HighflameError);
  });

  it("regression: a subclass without its own kind is still an instance of every parent", () => {
    class MyError extends APIConnectionError {}
    const mine = new MyError("m");
    expect(mine).toBeInstanceOf(MyError);
    expect(mine).toBeInstanceOf(APIConnectionError);
    expect(new APIConnectionError("x")).not.toBeInstanceOf(MyError);
  });

  it("never exposes secrets in message, String(), stack or toJSON — including title (regression)", () => {
    const key = generateTestKey();
    const jwt = fakeJwt();
    const body = JSON.stringify({ title: `bad key ${key}`, detail: `token ${jwt} rejected` });
    const error = makeAPIError(401, new Headers(), body);
    const surfaces = [
      error.message,
      String(error),
      error.stack ?? "",
      JSON.stringify(error),
      JSON.stringify(error.toJSON()),
    ];
    for (const text of surfaces) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(jwt);
    }
    const connection = new APIConnectionError(`failed for ${key}`);
    expect(String(connection)).not.toContain(key);
  });
});
