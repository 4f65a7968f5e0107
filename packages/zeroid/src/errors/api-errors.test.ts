import {
  APIError,
  AuthenticationError,
  BadRequestError,
  HighflameError,
  InternalServerError,
  makeAPIError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
} from "@highflame/core";
import { describe, expect, it } from "vitest";
import { toZeroIDError, ZeroIDAPIError } from "./api-errors.js";
import { verificationError, ZeroIDError } from "./zeroid-error.js";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  toZeroIDError(makeAPIError(status, new Headers(headers), JSON.stringify(body))) as ZeroIDError;

describe("toZeroIDError", () => {
  it("keeps OAuth codes and brands the matching core class", () => {
    const e = json(400, { error: "policy_violation", error_description: "ttl too long" });
    expect(e).toBeInstanceOf(ZeroIDError);
    expect(e).toBeInstanceOf(ZeroIDAPIError);
    expect(e).toBeInstanceOf(APIError);
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e).toBeInstanceOf(HighflameError);
    expect(e).not.toBeInstanceOf(AuthenticationError);
    expect(e).toMatchObject({ code: "policy_violation", kind: "oauth", status: 400, detail: "ttl too long" });
    expect(e.cause).toBeInstanceOf(BadRequestError);
  });

  it("classifies by status", () => {
    expect(json(404, { title: "Not Found", status: 404 })).toBeInstanceOf(NotFoundError);
    expect(json(404, {}).code).toBe("http_404");
    expect(json(500, {}).kind).toBe("server");
    expect(json(500, {})).toBeInstanceOf(InternalServerError);
    const limited = json(429, {}, { "retry-after": "3" });
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as unknown as { retryAfterMs: number }).retryAfterMs).toBe(3000);
    const v = json(422, {
      title: "Unprocessable Entity",
      status: 422,
      errors: [{ message: "m", location: "body.x" }],
    });
    expect(v).toBeInstanceOf(UnprocessableEntityError);
    expect(v.code).toBe("validation_error");
    expect(v.errors).toEqual([{ message: "m", location: "body.x" }]);
  });

  it("treats invalid_grant as authentication only on credential grants", () => {
    const apiError = makeAPIError(400, new Headers(), JSON.stringify({ error: "invalid_grant" }));
    expect((toZeroIDError(apiError, { credentialGrant: true }) as ZeroIDError).kind).toBe("authentication");
    expect(toZeroIDError(apiError, { credentialGrant: true })).toBeInstanceOf(AuthenticationError);
    expect((toZeroIDError(apiError) as ZeroIDError).kind).toBe("oauth");
  });

  it("passes non-API errors through", () => {
    const other = new Error("x");
    expect(toZeroIDError(other)).toBe(other);
  });

  it("verification errors are ZeroIDErrors but not API errors", () => {
    const e = verificationError("token_expired", "expired");
    expect(e).toBeInstanceOf(ZeroIDError);
    expect(e).not.toBeInstanceOf(APIError);
    expect(e.name).toBe("ZeroIDError");
    expect(e.toJSON()).toMatchObject({ code: "token_expired", kind: "verification", status: 401 });
  });
});
