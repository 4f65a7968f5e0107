import { expect, it } from "vitest";
import { jsonDepthOverflow, MAX_JSON_DEPTH, METADATA_LIMIT_BYTES, parseBody } from "./body.js";

const json = (text: string) => parseBody("application/json", Buffer.from(text));

it.each([
  ["{}", 1, -1],
  ['{"a":[1,{"b":2}]}', 3, -1],
  ['{"a":[1,{"b":2}]}', 2, 8],
  ['{"s":"[[[[{{{{"}', 1, -1], // brackets inside strings do not nest
  ['{"s":"\\"[[["}', 1, -1], // nor after an escaped quote
  ["[[]]", 1, 1],
])("jsonDepthOverflow(%s, %i) → %i", (text, max, expected) => {
  expect(jsonDepthOverflow(text, max)).toBe(expected);
});

it("refuses JSON deeper than the limit with 400 and accepts the limit itself", () => {
  const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
  expect(json(`{"a":${deep(MAX_JSON_DEPTH - 1)}}`)).toMatchObject({ ok: true });
  expect(json(`{"a":${deep(MAX_JSON_DEPTH)}}`)).toMatchObject({
    ok: false,
    status: 400,
    title: "invalid_request",
  });
});

it("refuses a metadata value over the limit anywhere in the body with 413 naming its path", () => {
  const big = JSON.stringify({ metadata: { x: "y".repeat(METADATA_LIMIT_BYTES) } });
  expect(json(big)).toMatchObject({
    ok: false,
    status: 413,
    detail: expect.stringContaining("body.metadata"),
  });
  const nested = JSON.stringify({ tool: { metadata: "z".repeat(METADATA_LIMIT_BYTES) } });
  expect(json(nested)).toMatchObject({
    ok: false,
    status: 413,
    detail: expect.stringContaining("body.tool.metadata"),
  });
  const small = JSON.stringify({ metadata: { x: "y".repeat(METADATA_LIMIT_BYTES - 100) } });
  expect(json(small)).toMatchObject({ ok: true });
});
