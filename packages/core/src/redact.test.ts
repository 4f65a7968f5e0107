import { generateTestKey } from "@highflame/testing";
import { describe, expect, it } from "vitest";
import { fakeJwt } from "../test/secrets.js";
import { REDACTED, redactHeaders, redactText, redactValue, requestSecrets, scrubSecrets } from "./redact.js";

describe("redactText", () => {
  it("removes service keys, refresh tokens and JWTs wherever they appear", () => {
    const hf = generateTestKey("hf_sk_");
    const zid = generateTestKey("zid_sk_");
    const rt = `zid_rt_${generateTestKey().slice(6)}`;
    const jwt = fakeJwt();
    const out = redactText(`a ${hf} b "${zid}" c=${rt}&d Bearer ${jwt}.`);
    for (const secret of [hf, zid, rt, jwt]) expect(out).not.toContain(secret);
    expect(out).toBe(`a ${REDACTED} b "${REDACTED}" c=${REDACTED}&d Bearer ${REDACTED}.`);
  });

  it("regression: secrets right after a word character (%22, _) are still removed", () => {
    const hf = generateTestKey();
    const jwt = fakeJwt();
    const out = redactText(`q=%7B%22k%22%3A%22${hf}%22%7D&t=%22${jwt}%22 x_${hf}`);
    expect(out).not.toContain(hf);
    expect(out).not.toContain(jwt);
  });

  it("leaves ordinary text alone", () => {
    expect(redactText("hello world eyJ-not-a-jwt")).toBe("hello world eyJ-not-a-jwt");
  });
});

describe("redactHeaders", () => {
  it("masks credential headers in records, Headers and tuples, case-insensitively", () => {
    const key = generateTestKey();
    const record = redactHeaders({
      Authorization: `Bearer ${key}`,
      Cookie: "s=1",
      accept: "x",
      skip: undefined,
    });
    expect(record).toEqual({ Authorization: REDACTED, Cookie: REDACTED, accept: "x" });
    const fromHeaders = redactHeaders(new Headers({ "x-api-key": key, "x-trace": `t ${key}` }));
    expect(fromHeaders).toEqual({ "x-api-key": REDACTED, "x-trace": `t ${REDACTED}` });
    expect(redactHeaders([["Set-Cookie", "a=b"]])).toEqual({ "Set-Cookie": REDACTED });
    expect(redactHeaders(undefined)).toEqual({});
  });
});

describe("redactValue", () => {
  it("deep-copies, masking secret-named keys and scrubbing strings", () => {
    const key = generateTestKey("zid_sk_");
    const input = {
      client_secret: "plain-secret-value",
      "Access-Token": "opaque",
      nested: [{ note: `uses ${key}` }, 3, null],
      headers: new Headers({ authorization: "Basic abc" }),
    };
    const out = redactValue(input) as Record<string, unknown>;
    expect(out).toEqual({
      client_secret: REDACTED,
      "Access-Token": REDACTED,
      nested: [{ note: `uses ${REDACTED}` }, 3, null],
      headers: { authorization: REDACTED },
    });
    expect(input.client_secret).toBe("plain-secret-value");
  });

  it("handles cycles and errors (using toJSON when present)", () => {
    const key = generateTestKey();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ a: 1, self: "[Circular]" });
    expect(redactValue(new TypeError(`bad ${key}`))).toEqual({
      name: "TypeError",
      message: `bad ${REDACTED}`,
    });
    const withJson = Object.assign(new Error("x"), { toJSON: () => ({ token: key, m: key }) });
    expect(redactValue(withJson)).toEqual({ token: REDACTED, m: REDACTED });
  });

  it("requestSecrets finds bearer tokens, Basic passwords and credential-named body fields; scrubSecrets removes every form", () => {
    const secret = "pa ss/wörd+1";
    const basic = `Basic ${Buffer.from(`client:${encodeURIComponent(secret)}`).toString("base64")}`;
    const found = requestSecrets(
      { authorization: basic, cookie: "sid=abcdef123", accept: "application/json" },
      { body: { api_key: "key-123456", prompt: "hello there" } },
    );
    expect(found).toEqual(
      expect.arrayContaining([basic, encodeURIComponent(secret), secret, "sid=abcdef123", "key-123456"]),
    );
    expect(found).not.toContain("hello there");
    const echoed = `got ${secret} and ${JSON.stringify(secret)} and ${encodeURIComponent(secret)} and key-123456`;
    const clean = scrubSecrets(echoed, found);
    expect(clean).not.toContain(secret);
    expect(clean).not.toContain(encodeURIComponent(secret));
    expect(clean).not.toContain("key-123456");
    expect(clean.startsWith("got [REDACTED]")).toBe(true);
  });
});
