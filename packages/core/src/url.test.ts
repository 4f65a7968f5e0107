import { describe, expect, it } from "vitest";
import { ConfigurationError, RequestValidationError } from "./errors/client-errors.js";
import { joinUrl, normalizeBaseUrl, pathSegment } from "./url.js";

describe("normalizeBaseUrl", () => {
  it("strips trailing slashes and keeps the base path", () => {
    expect(normalizeBaseUrl("https://api.example.test/")).toBe("https://api.example.test");
    expect(normalizeBaseUrl("http://h:8080/api/v1//")).toBe("http://h:8080/api/v1");
  });
  it.each(["not a url", "ftp://h/x", "https://h/x?a=1", "https://h/x#f"])("rejects %j", (url) => {
    const error = (() => {
      try {
        normalizeBaseUrl(url);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe("baseUrl");
  });
});

describe("joinUrl", () => {
  const base = "http://h/api/v1";

  it("joins with or without a leading slash", () => {
    expect(joinUrl(base, "/guard")).toBe("http://h/api/v1/guard");
    expect(joinUrl(base, "guard/x")).toBe("http://h/api/v1/guard/x");
    expect(joinUrl(`${base}/`, "/guard")).toBe("http://h/api/v1/guard");
  });

  it("adds query parameters, repeating arrays and skipping undefined", () => {
    const url = joinUrl(base, "/list", { limit: 2, ok: true, tag: ["a", "b c"], skip: undefined });
    expect(url).toBe("http://h/api/v1/list?limit=2&ok=true&tag=a&tag=b+c");
  });

  it.each([
    "../x",
    "/a/../../x",
    "/./x",
    "/a/%2e%2e/x",
    "/a/%2E%2E/x",
    "/a/.%2e/x",
    "/a/%2e./x",
    "/.%2E/x",
    "/%2e/x",
    "/a%2fb",
    "/a%2F..%2Fb",
    "/a%5cb",
    "/a\\..\\b",
    "http://evil.test/x",
    "HTTPS://evil.test",
    "//evil.test/x",
    "javascript:alert(1)",
  ])("rejects %j before building a URL that could escape the base", (path) => {
    expect(() => joinUrl(base, path)).toThrow(RequestValidationError);
  });

  it("regression: `.%2e` segments (read as `..` by the URL parser) cannot climb out of the base path", () => {
    expect(() => joinUrl(base, "/.%2E/x")).toThrow(/path must not contain/);
  });

  it("allows dots inside a segment and encoded ids", () => {
    expect(joinUrl(base, "/files/a.b..c")).toBe("http://h/api/v1/files/a.b..c");
    expect(joinUrl(base, `/items/${pathSegment("a b")}`)).toBe("http://h/api/v1/items/a%20b");
    // An id carrying a separator or dot-dot is encoded by pathSegment and then refused by joinUrl.
    expect(() => joinUrl(base, `/items/${pathSegment("a/../b")}`)).toThrow(RequestValidationError);
    expect(() => joinUrl(base, `/items/${pathSegment("..")}`)).toThrow(RequestValidationError);
  });
});

describe("pathSegment", () => {
  it("encodes separators so an id cannot add segments", () => {
    expect(pathSegment("../x")).toBe("..%2Fx");
    expect(pathSegment("a?b#c")).toBe("a%3Fb%23c");
  });
  it("rejects empty ids naming the field", () => {
    expect(() => pathSegment("", "agentId")).toThrow(expect.objectContaining({ field: "agentId" }));
  });
});
