import { describe, expect, it } from "vitest";
import { parseErrorBody } from "./error-body.js";

describe("parseErrorBody", () => {
  it("reads RFC 9457 problem+json with field errors", () => {
    const body = {
      type: "about:blank",
      title: "Unprocessable Entity",
      status: 422,
      detail: "validation failed",
      errors: [{ message: "is required", location: "body.name" }],
    };
    expect(parseErrorBody(JSON.stringify(body))).toEqual({
      body,
      title: "Unprocessable Entity",
      detail: "validation failed",
      errors: [{ message: "is required", location: "body.name" }],
    });
  });

  it("reads OAuth error bodies", () => {
    const parsed = parseErrorBody('{"error":"invalid_grant","error_description":"key revoked"}');
    expect(parsed.title).toBe("invalid_grant");
    expect(parsed.detail).toBe("key revoked");
  });

  it("reads the nested {error:{…}} shape", () => {
    expect(
      parseErrorBody('{"error":{"code":400,"message":"bad field","status":"INVALID_ARGUMENT"}}'),
    ).toMatchObject({
      title: "INVALID_ARGUMENT",
      detail: "bad field",
    });
    expect(parseErrorBody('{"error":{"code":7,"message":"m"}}')).toMatchObject({ title: "7", detail: "m" });
  });

  it("falls back to message for other JSON objects", () => {
    expect(parseErrorBody('{"message":"nope"}')).toMatchObject({ title: undefined, detail: "nope" });
  });

  it("keeps plain text and HTML as detail, trimmed and capped", () => {
    expect(parseErrorBody("  upstream down \n")).toEqual({
      body: "upstream down",
      title: undefined,
      detail: "upstream down",
      errors: undefined,
    });
    const html = `<html><body>${"x".repeat(3000)}</body></html>`;
    const parsed = parseErrorBody(html);
    expect(parsed.body).toBe(html);
    expect(parsed.detail).toHaveLength(2001);
    expect(parsed.detail!.endsWith("…")).toBe(true);
  });

  it("handles empty bodies, JSON strings, arrays and null", () => {
    expect(parseErrorBody("")).toEqual({
      body: undefined,
      title: undefined,
      detail: undefined,
      errors: undefined,
    });
    expect(parseErrorBody('"just text"')).toMatchObject({ body: "just text", detail: "just text" });
    expect(parseErrorBody("[1,2]")).toMatchObject({ body: [1, 2], detail: undefined });
    expect(parseErrorBody("null")).toMatchObject({ body: null, detail: undefined });
  });
});
