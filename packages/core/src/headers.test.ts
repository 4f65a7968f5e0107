import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { RawResponseHeaders } from "./headers.js";

const raw = () =>
  new RawResponseHeaders([
    Buffer.from("Content-Type"),
    Buffer.from("application/json"),
    Buffer.from("Set-Cookie"),
    Buffer.from("a=1"),
    "x-multi",
    "one",
    Buffer.from("set-cookie"),
    Buffer.from("b=2"),
    "X-Multi",
    "two",
  ]);

describe("RawResponseHeaders reads like WHATWG Headers", () => {
  it("get and has are case-insensitive and join repeated fields with ', ', before and after a full parse", () => {
    const headers = raw();
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("X-MULTI")).toBe("one, two");
    expect(headers.get("missing")).toBeNull();
    expect(headers.has("Content-Type")).toBe(true);
    expect(headers.has("nope")).toBe(false);
    expect([...headers.keys()]).toEqual(["content-type", "set-cookie", "set-cookie", "x-multi"]);
    expect(headers.get("x-multi")).toBe("one, two");
  });

  it("keeps set-cookie values apart, as Headers does", () => {
    const headers = raw();
    expect(headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect([...headers].filter(([name]) => name === "set-cookie").map(([, v]) => v)).toEqual(["a=1", "b=2"]);
    const seen: string[] = [];
    headers.forEach((value, name) => {
      seen.push(`${name}=${value}`);
    });
    expect(seen).toContain("x-multi=one, two");
  });

  it("iterates like a WHATWG Headers built from the same fields", () => {
    const record = { "content-type": "text/plain", "x-request-id": "r1", "set-cookie": ["a=1", "b=2"] };
    const ours = RawResponseHeaders.fromRecord(record);
    const theirs = new Headers([
      ["content-type", "text/plain"],
      ["x-request-id", "r1"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
    ]);
    expect([...ours]).toEqual([...theirs]);
  });

  it("util.inspect shows the headers with credential headers masked", () => {
    const shown = inspect(
      RawResponseHeaders.fromRecord({ "set-cookie": "sid=s3cr3t", "x-request-id": "r1" }),
    );
    expect(shown).toContain("'x-request-id': 'r1'");
    expect(shown).not.toContain("s3cr3t");
  });
});
