import type { z } from "zod";
import {
  acceptsUndefined,
  type Check,
  generateCheck,
  integerOnly,
  isJsonObject,
  isPlainObject,
  isSupportedDef,
  lengthBounds,
} from "./schema-fast-path-codegen.js";

/**
 * How much a fast check promises about a value it accepts:
 * - `"valid"`: zod's parse would succeed (used for request bodies, whose caller's object is sent as is).
 * - `"exact"`: zod's parse would succeed AND return a value equal to the input (same keys and values, nested
 *   alike; only the key order may differ), so the input can be returned in place of zod's copy (used for
 *   response bodies fresh from `JSON.parse`).
 */
export type Conformance = "valid" | "exact";

/** Schemas with no fast check (a construct outside the subset below), so zod always runs for them. */
const UNSUPPORTED: Check = () => false;
const ANY: Check = () => true;

const compiled = { valid: new WeakMap<object, Check>(), exact: new WeakMap<object, Check>() };

/**
 * Whether `value` conforms to `schema` at the given level, decided without running zod: a check compiled once
 * per schema from zod's own schema definition (`schema._zod.def`), for the subset the SDK's wire schemas use:
 * objects (loose, strict or stripping), strings with length bounds, numbers (finite; safe integers for
 * `.int()`), booleans, enums, literals, unions, optional, nullable, arrays with length bounds, string-keyed
 * records, `unknown` and `any`. Any other construct (transforms, defaults, refinements, pipes, lazy schemas,
 * formats, …) makes the whole schema fall back to zod. `true` is a promise (see {@link Conformance}); `false`
 * only means zod must decide, and produce the error message, which stays zod's.
 *
 * Why: a guard call's response validation through zod was ~30 % of the SDK's own CPU time per call.
 * Equivalence with zod is property-tested in `test/schema-fast-path.test.ts`.
 */
export function conformsTo(schema: z.ZodType, value: unknown, level: Conformance): boolean {
  const cache = compiled[level];
  let check = cache.get(schema);
  if (check === undefined) {
    check = compileTop(schema as unknown as z.core.$ZodTypes, level === "exact");
    cache.set(schema, check);
  }
  return check(value);
}

/** zod drops an own `__proto__` key when it copies an object, so such an input is never returned as is. */
function hasOwnProto(value: object): boolean {
  return Object.hasOwn(value, "__proto__");
}

/** Compiles `schema`: generated code where the runtime allows it, else closures over zod's definition. */
function compileTop(schema: z.core.$ZodTypes, exact: boolean): Check {
  return generateCheck(schema, exact, (node) => supported(compile(node, exact))) ?? compile(schema, exact);
}

function supported(check: Check): Check | undefined {
  return check === UNSUPPORTED ? undefined : check;
}

function compile(schema: z.core.$ZodTypes, exact: boolean): Check {
  if (!isSupportedDef(schema)) return UNSUPPORTED;
  const def = schema._zod.def;
  switch (def.type) {
    case "unknown":
    case "any":
      return ANY;
    case "string": {
      const bounds = lengthBounds(def.checks);
      if (!bounds) return UNSUPPORTED;
      const { min, max } = bounds;
      if (min === 0 && max === Number.POSITIVE_INFINITY) return (v) => typeof v === "string";
      return (v) => typeof v === "string" && v.length >= min && v.length <= max;
    }
    case "number":
      return compileNumber(def.checks);
    case "boolean":
      return def.checks?.length ? UNSUPPORTED : (v) => typeof v === "boolean";
    case "enum": {
      if (def.checks?.length) return UNSUPPORTED;
      const values = new Set<unknown>(Object.values(def.entries));
      return (v) => values.has(v);
    }
    case "literal": {
      if (def.checks?.length) return UNSUPPORTED;
      const values = new Set<unknown>(def.values);
      return (v) => values.has(v);
    }
    case "optional": {
      const inner = compile(def.innerType as z.core.$ZodTypes, exact);
      return inner === UNSUPPORTED ? UNSUPPORTED : (v) => v === undefined || inner(v);
    }
    case "nullable": {
      const inner = compile(def.innerType as z.core.$ZodTypes, exact);
      return inner === UNSUPPORTED ? UNSUPPORTED : (v) => v === null || inner(v);
    }
    case "union": {
      if (def.checks?.length) return UNSUPPORTED;
      // zod returns the output of the first option that succeeds; with only scalar options that output is the
      // input itself whichever option it is, so "some option accepts" is exact too.
      if (exact && !def.options.every((option) => isScalar(option as z.core.$ZodTypes))) return UNSUPPORTED;
      const options = def.options.map((option) => compile(option as z.core.$ZodTypes, exact));
      if (options.includes(UNSUPPORTED)) return UNSUPPORTED;
      return (v) => options.some((option) => option(v));
    }
    case "array":
      return compileArray(def, exact);
    case "record":
      return compileRecord(def, exact);
    case "object":
      return compileObject(def, exact);
    default:
      return UNSUPPORTED;
  }
}

/** A schema whose successful output is its input itself (no copy is made). */
function isScalar(schema: z.core.$ZodTypes): boolean {
  const def = schema._zod.def;
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
    case "enum":
    case "literal":
      return true;
    case "optional":
    case "nullable":
      return isScalar(def.innerType as z.core.$ZodTypes);
    default:
      return false;
  }
}

function compileNumber(checks: readonly z.core.$ZodCheck[] | undefined): Check {
  const integer = integerOnly(checks);
  if (integer === undefined) return UNSUPPORTED;
  return integer ? (v) => Number.isSafeInteger(v) : (v) => typeof v === "number" && Number.isFinite(v);
}

function compileArray(def: z.core.$ZodArrayDef, exact: boolean): Check {
  const bounds = lengthBounds(def.checks);
  const element = compile(def.element as z.core.$ZodTypes, exact);
  if (!bounds || element === UNSUPPORTED) return UNSUPPORTED;
  const { min, max } = bounds;
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false;
    for (let i = 0; i < v.length; i++) {
      // A hole reads as undefined but zod sees no element there: leave sparse arrays to zod.
      if (!(i in v) || !element(v[i])) return false;
    }
    return true;
  };
}

function compileRecord(def: z.core.$ZodRecordDef, exact: boolean): Check {
  const keyDef = (def.keyType as z.core.$ZodTypes)._zod.def;
  if (keyDef.type !== "string" || keyDef.checks?.length || def.checks?.length) return UNSUPPORTED;
  const value = compile(def.valueType as z.core.$ZodTypes, exact);
  if (value === UNSUPPORTED) return UNSUPPORTED;
  const anyValue = value === ANY;
  const isObject = exact ? isJsonObject : isPlainObject;
  return (v) => {
    if (!isObject(v) || Object.getOwnPropertySymbols(v).length > 0) return false;
    if (exact && hasOwnProto(v)) return false;
    if (anyValue) return true;
    for (const key of Object.keys(v)) if (!value(v[key])) return false;
    return true;
  };
}

function compileObject(def: z.core.$ZodObjectDef, exact: boolean): Check {
  if (def.checks?.length) return UNSUPPORTED;
  const catchall = def.catchall ? (def.catchall as z.core.$ZodTypes)._zod.def.type : undefined;
  // Unknown keys: kept (`looseObject`), rejected (`strictObject`) or stripped (`object`).
  const unknownKeys =
    catchall === undefined ? "strip" : catchall === "unknown" ? "keep" : catchall === "never" ? "reject" : "";
  if (unknownKeys === "") return UNSUPPORTED;
  const keys = Object.keys(def.shape);
  // An inherited name (`toString`, …) would be read from the prototype and copied by zod as an own key.
  if (keys.some((key) => key in Object.prototype)) return UNSUPPORTED;
  const fields: Check[] = [];
  /** Keys that must be present even though their check accepts `undefined` (a required `unknown`/`any`). */
  const mustBePresent: boolean[] = [];
  for (const key of keys) {
    const fieldSchema = def.shape[key] as z.core.$ZodTypes;
    const field = compile(fieldSchema, exact);
    if (field === UNSUPPORTED) return UNSUPPORTED;
    fields.push(field);
    mustBePresent.push(fieldSchema._zod.def.type !== "optional" && acceptsUndefined(fieldSchema));
  }
  const known = new Set(keys);
  // A stripping object returns a copy without the unknown keys: equal to the input only when it has none.
  const checkUnknown = unknownKeys === "reject" || (unknownKeys === "strip" && exact);
  const isObject = exact ? isJsonObject : isPlainObject;
  return (v) => {
    if (!isObject(v)) return false;
    if (exact && hasOwnProto(v)) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!fields[i]!(v[key]) || (mustBePresent[i] && !Object.hasOwn(v, key))) return false;
    }
    if (checkUnknown) for (const key of Object.keys(v)) if (!known.has(key)) return false;
    return true;
  };
}

/**
 * @internal A check compiled by one engine, uncached (tests compare both with zod): `"codegen"` returns
 * `undefined` when the schema is outside the subset or code generation is unavailable.
 */
export function compileConformance(
  schema: z.ZodType,
  level: Conformance,
  engine: "codegen" | "closures",
): Check | undefined {
  const node = schema as unknown as z.core.$ZodTypes;
  const exact = level === "exact";
  if (engine === "closures") return compile(node, exact);
  return generateCheck(node, exact, (inner) => supported(compile(inner, exact)));
}
