import { isDeepStrictEqual } from "node:util";
import { conforming, nearlyConforming } from "@highflame/testing";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { conformsTo, parseResponse } from "../src/index.js";
import { type Conformance, compileConformance } from "../src/schema-fast-path.js";

const Span = z.looseObject({ start: z.number().int(), end: z.number().int(), label: z.string().optional() });

/** Every construct of the supported subset, and the combinations the wire schemas use. */
const SUPPORTED = {
  loose: z.looseObject({
    decision: z.union([z.enum(["allow", "deny"]), z.string()]),
    score: z.number().optional(),
    flag: z.boolean().optional(),
    spans: z.array(Span).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    counts: z.record(z.string(), z.number().int()).optional(),
    extra: z.unknown().optional(),
    raw: z.unknown(),
    nested: z.looseObject({ id: z.string().optional(), kind: z.literal("x").optional() }).optional(),
  }),
  strict: z.strictObject({ name: z.string().min(1).max(5), kind: z.literal("a").nullable() }),
  strip: z.object({
    content: z.string().min(1),
    tags: z.array(z.string()).min(1).max(3).optional(),
    meta: z.record(z.string(), z.number()).optional(),
  }),
  scalarUnion: z.looseObject({ v: z.union([z.string(), z.number().int()]).nullable().optional() }),
  topArray: z.array(z.union([z.string(), z.boolean()])),
} as const;

/** Supported for "valid" only: zod's output for a union of objects depends on which option matched first. */
const VALID_ONLY = {
  objectUnion: z.looseObject({
    u: z.union([z.object({ a: z.string() }), z.looseObject({ a: z.string(), b: z.number() })]),
  }),
} as const;

/** Outside the subset: zod must always decide. */
const UNSUPPORTED: Record<string, z.ZodType> = {
  transform: z.looseObject({ a: z.string().transform((s) => s.length) }),
  defaulted: z.looseObject({ a: z.string().default("x") }),
  refined: z.looseObject({ a: z.string() }).refine((v) => v.a !== "no"),
  email: z.looseObject({ a: z.email() }),
  regex: z.looseObject({ a: z.string().regex(/^a/) }),
  bounded: z.looseObject({ n: z.number().min(0) }),
  date: z.looseObject({ d: z.date() }),
  tuple: z.tuple([z.string()]),
  inheritedName: z.looseObject({ toString: z.string().optional() }),
  lazy: z.looseObject({ a: z.lazy(() => z.string()) }),
};

/** `[<hole>, value]`: an array whose index 0 was never set. */
function withHole(value: unknown): unknown[] {
  const array: unknown[] = [];
  array[1] = value;
  return array;
}

const ENGINES = ["codegen", "closures"] as const;
const LEVELS: Conformance[] = ["valid", "exact"];
const RUNS = { seed: 20261201, numRuns: 400 };

function checkOf(schema: z.ZodType, level: Conformance, engine: (typeof ENGINES)[number]) {
  const check = compileConformance(schema, level, engine);
  if (!check) throw new Error(`${engine} compiled no check`);
  return check;
}

/** What a `true` promises: zod succeeds, and at "exact" returns a value deep-equal to the input. */
function agreesWithZod(schema: z.ZodType, level: Conformance, value: unknown): boolean {
  const result = schema.safeParse(value);
  if (!result.success) return false;
  return level === "valid" || isDeepStrictEqual(result.data, value);
}

describe("conformance checks agree with zod", () => {
  for (const engine of ENGINES) {
    for (const [name, schema] of Object.entries({ ...SUPPORTED, ...VALID_ONLY })) {
      for (const level of LEVELS) {
        it(`${engine} ${name} ${level}: every accepted value is accepted by zod${level === "exact" ? " and returned unchanged" : ""}`, () => {
          const check = compileConformance(schema, level, engine) ?? (() => false);
          let accepted = 0;
          let rejected = 0;
          fc.assert(
            fc.property(nearlyConforming(schema), (value) => {
              if (!check(value)) {
                rejected++;
                return true;
              }
              accepted++;
              return agreesWithZod(schema, level, value);
            }),
            RUNS,
          );
          // Both branches ran: the property is not vacuous (exact on a valid-only schema accepts nothing).
          if (name in VALID_ONLY && level === "exact") expect(accepted).toBe(0);
          else expect(accepted).toBeGreaterThan(20);
          expect(rejected).toBeGreaterThan(10);
        });
      }
    }
  }

  for (const engine of ENGINES) {
    for (const [name, schema] of Object.entries(SUPPORTED)) {
      for (const level of LEVELS) {
        it(`${engine} ${name} ${level}: accepts every conforming value (the fast path is taken)`, () => {
          const check = checkOf(schema, level, engine);
          fc.assert(
            fc.property(conforming(schema), (value) => check(value)),
            RUNS,
          );
        });
      }
    }
    it(`${engine} objectUnion: valid accepts conforming values; exact never claims them`, () => {
      const schema = VALID_ONLY.objectUnion;
      const valid = checkOf(schema, "valid", engine);
      fc.assert(
        fc.property(conforming(schema), (value) => valid(value)),
        RUNS,
      );
      const exact = compileConformance(schema, "exact", engine);
      expect(exact === undefined || !exact({ u: { a: "x", b: 1 } })).toBe(true);
      // zod returns the stripping first option's output, without `b`: not the input.
      expect(schema.parse({ u: { a: "x", b: 1 } })).toEqual({ u: { a: "x" } });
    });
  }
});

describe("edge cases decided by zod", () => {
  const loose = SUPPORTED.loose;
  const cases: Array<[string, unknown, Record<Conformance, boolean>]> = [
    ["a required unknown key absent", { decision: "allow" }, { valid: false, exact: false }],
    [
      "a required unknown key present as undefined",
      { decision: "allow", raw: undefined },
      { valid: true, exact: true },
    ],
    [
      "an own __proto__ key (zod drops it when copying)",
      JSON.parse('{"decision":"allow","raw":1,"__proto__":{"x":1}}'),
      { valid: true, exact: false },
    ],
    ["NaN", { decision: "allow", raw: 1, score: Number.NaN }, { valid: false, exact: false }],
    [
      "Infinity",
      { decision: "allow", raw: 1, score: Number.POSITIVE_INFINITY },
      { valid: false, exact: false },
    ],
    [
      "an unsafe integer",
      { decision: "allow", raw: 1, spans: [{ start: 2 ** 60, end: 1 }] },
      { valid: false, exact: false },
    ],
    [
      "a fractional integer field",
      { decision: "allow", raw: 1, spans: [{ start: 0.5, end: 1 }] },
      { valid: false, exact: false },
    ],
    [
      "a sparse array",
      { decision: "allow", raw: 1, spans: withHole({ start: 1, end: 2 }) },
      { valid: false, exact: false },
    ],
    [
      "a class instance",
      Object.assign(new (class Body {})(), { decision: "allow", raw: 1 }),
      { valid: false, exact: false },
    ],
    [
      // zod accepts it, but its copy has Object.prototype: not exact.
      "a null-prototype object",
      Object.assign(Object.create(null), { decision: "allow", raw: 1 }),
      { valid: true, exact: false },
    ],
    ["an array for an object", [], { valid: false, exact: false }],
    [
      "a symbol-keyed record",
      { decision: "allow", raw: 1, context: { [Symbol("s")]: 1 } },
      { valid: false, exact: false },
    ],
  ];
  for (const engine of ENGINES) {
    for (const [what, value, expected] of cases) {
      it(`${engine}: ${what}`, () => {
        for (const level of LEVELS) {
          expect(checkOf(loose, level, engine)(value), level).toBe(expected[level]);
          if (expected[level]) expect(agreesWithZod(loose, level, value)).toBe(true);
        }
      });
    }
    it(`${engine}: a stripping object with unknown keys is valid but not exact; strict rejects them`, () => {
      const value = { content: "hi", unknown: 1 };
      expect(checkOf(SUPPORTED.strip, "valid", engine)(value)).toBe(true);
      expect(checkOf(SUPPORTED.strip, "exact", engine)(value)).toBe(false);
      expect(SUPPORTED.strip.parse(value)).toEqual({ content: "hi" });
      expect(checkOf(SUPPORTED.strict, "valid", engine)({ name: "a", kind: null, other: 1 })).toBe(false);
    });
    it(`${engine}: length bounds of strings and arrays`, () => {
      const strict = checkOf(SUPPORTED.strict, "valid", engine);
      expect(strict({ name: "", kind: "a" })).toBe(false);
      expect(strict({ name: "abcdef", kind: "a" })).toBe(false);
      expect(strict({ name: "abcde", kind: "a" })).toBe(true);
      const strip = checkOf(SUPPORTED.strip, "valid", engine);
      expect(strip({ content: "x", tags: [] })).toBe(false);
      expect(strip({ content: "x", tags: ["a", "b", "c", "d"] })).toBe(false);
      expect(strip({ content: "x", tags: ["a"] })).toBe(true);
    });
  }
});

describe("schemas outside the subset", () => {
  for (const [name, schema] of Object.entries(UNSUPPORTED)) {
    it(`${name}: no generated code, closures never answer true, conformsTo defers to zod`, () => {
      for (const level of LEVELS) {
        expect(compileConformance(schema, level, "codegen")).toBeUndefined();
        const closures = compileConformance(schema, level, "closures")!;
        fc.assert(
          fc.property(fc.anything(), (value) => !closures(value) && !conformsTo(schema, value, level)),
          { ...RUNS, numRuns: 100 },
        );
      }
      expect(conformsTo(schema, { a: "abc", toString: "x", n: 1, d: new Date(), 0: "x" }, "valid")).toBe(
        false,
      );
    });
  }
});

describe("zod jitless", () => {
  const config = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
  afterEach(() => {
    z.config({ jitless: false });
  });
  it("no code is generated while zod is configured jitless; the closures still answer", () => {
    z.config({ jitless: true });
    expect(config.__zod_globalConfig?.jitless).toBe(true);
    expect(compileConformance(SUPPORTED.loose, "exact", "codegen")).toBeUndefined();
    expect(conformsTo(z.looseObject({ a: z.string() }), { a: "x" }, "exact")).toBe(true);
  });
});

describe("parseResponse", () => {
  it("returns the body itself when it conforms exactly, keeping the server's key order", () => {
    const body = JSON.parse('{"zeta":1,"raw":null,"decision":"allow","spans":[{"end":2,"start":1}]}');
    const parsed = parseResponse(SUPPORTED.loose, body);
    expect(parsed).toBe(body);
    expect(Object.keys(parsed)).toEqual(["zeta", "raw", "decision", "spans"]);
  });
  it("returns zod's copy when the body does not conform exactly", () => {
    const body = JSON.parse('{"decision":"allow","raw":1,"__proto__":{"x":1}}');
    const parsed = parseResponse(SUPPORTED.loose, body);
    expect(parsed).not.toBe(body);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(false);
    expect(parsed).toEqual({ decision: "allow", raw: 1 });
  });
  it("still names the first bad field with zod's message", () => {
    expect(() => parseResponse(SUPPORTED.loose, { decision: 7, raw: 1 }, { requestId: "req_1" })).toThrow(
      /field "decision" .*\(request id req_1\)/,
    );
  });
});
