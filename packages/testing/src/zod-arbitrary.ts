import fc from "fast-check";
import type { z } from "zod";

/**
 * fast-check arbitraries derived from a zod schema's definition, for comparing the SDK's conformance checks with
 * zod itself: {@link conforming} values zod accepts (and returns unchanged, except that stripping objects get no
 * unknown keys), and {@link nearlyConforming} values where any node may be replaced by something hostile.
 */

type Node = z.core.$ZodTypes;

const objectKey = fc.string({ minLength: 1, maxLength: 6 }).filter((key) => key !== "__proto__");

/** `[<hole>, value]`: an array whose index 0 was never set. */
function holeThenValue(value: unknown): unknown[] {
  const array: unknown[] = [];
  array[1] = value;
  return array;
}

/** Values that break checks in ways JSON cannot (and some it can). */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
    withBigInt: true,
  }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    2 ** 60,
    0.5,
    "",
    null,
    undefined,
    [],
    {},
    Object.create(null),
    holeThenValue("hole"),
    new (class Custom {})(),
    JSON.parse('{"__proto__": {"polluted": true}}'),
  ),
);

function checksOf(node: Node): Array<{ check: string; minimum?: number; maximum?: number; format?: string }> {
  return (node._zod.def.checks ?? []).map((check) => check._zod.def as never);
}

function lengths(node: Node): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength = 6;
  for (const check of checksOf(node)) {
    if (check.check === "min_length") minLength = check.minimum ?? 0;
    if (check.check === "max_length") maxLength = check.maximum ?? maxLength;
  }
  return { minLength, maxLength: Math.max(minLength, Math.min(maxLength, minLength + 6)) };
}

function build(node: Node, noise: boolean): fc.Arbitrary<unknown> {
  const exactly = exactArbitrary(node, noise);
  return noise ? fc.oneof({ weight: 12, arbitrary: exactly }, { weight: 1, arbitrary: hostile }) : exactly;
}

function exactArbitrary(node: Node, noise: boolean): fc.Arbitrary<unknown> {
  const def = node._zod.def;
  switch (def.type) {
    case "string":
      return fc.string(lengths(node));
    case "number":
      return checksOf(node).some((c) => c.format === "safeint")
        ? fc.maxSafeInteger()
        : fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries));
    case "literal":
      return fc.constantFrom(...def.values);
    case "optional":
      return fc.option(build(def.innerType as Node, noise), { nil: undefined });
    case "nullable":
      return fc.option(build(def.innerType as Node, noise), { nil: null });
    case "union":
      return fc.oneof(...def.options.map((option) => build(option as Node, noise)));
    case "array":
      return fc.array(build(def.element as Node, noise), lengths(node));
    case "record":
      return fc.dictionary(objectKey, build(def.valueType as Node, noise), {
        maxKeys: 4,
        noNullPrototype: !noise,
      });
    case "unknown":
    case "any":
      return fc.jsonValue({ maxDepth: 2 });
    case "object":
      return objectArbitrary(def, noise);
    default:
      throw new Error(`schema-arbitrary: no arbitrary for zod type ${def.type}`);
  }
}

function objectArbitrary(def: z.core.$ZodObjectDef, noise: boolean): fc.Arbitrary<unknown> {
  const shape = def.shape as Record<string, Node>;
  const keys = Object.keys(shape);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of keys) model[key] = build(shape[key]!, noise);
  const required = keys.filter((key) => shape[key]!._zod.def.type !== "optional");
  const known = fc.record(model, { requiredKeys: required });
  const loose = (def.catchall as Node | undefined)?._zod.def.type === "unknown";
  // Unknown keys only where zod keeps them (or, with noise, anywhere: zod strips or rejects them).
  const extras =
    loose || noise
      ? fc.dictionary(
          objectKey.filter((key) => !keys.includes(key)),
          fc.jsonValue({ maxDepth: 1 }),
          { maxKeys: 3, noNullPrototype: true },
        )
      : fc.constant({});
  const combined = fc
    .tuple(known, extras)
    .map(([fields, more]) => ({ ...more, ...(fields as Record<string, unknown>) }));
  if (!noise) return combined;
  return fc.oneof(
    { weight: 6, arbitrary: combined },
    // A required key dropped, an own `__proto__` key, or a class instance with the right fields.
    {
      weight: 1,
      arbitrary: combined.chain((value) =>
        fc.constantFrom(...[...required, "__proto__", "class"]).map((how) => {
          const copy: Record<string, unknown> = { ...value };
          if (how === "__proto__") Object.defineProperty(copy, "__proto__", { value: {}, enumerable: true });
          else if (how === "class") return Object.assign(new (class Shaped {})(), copy);
          else delete copy[how];
          return copy;
        }),
      ),
    },
  );
}

/** Values `schema` accepts; zod returns each unchanged (no stripping objects receive unknown keys). */
export function conforming(schema: z.ZodType): fc.Arbitrary<unknown> {
  return build(schema as unknown as Node, false);
}

/** Mostly conforming values in which any node may be hostile (wrong type, NaN, sparse array, class, …). */
export function nearlyConforming(schema: z.ZodType): fc.Arbitrary<unknown> {
  return build(schema as unknown as Node, true);
}
