import type { z } from "zod";

/** A compiled check: `true` only when the value conforms; `false` means "not sure, ask zod". */
export type Check = (value: unknown) => boolean;

/** What the generated code needs besides the value: constant sets and checks it calls. */
interface Emitter {
  exact: boolean;
  /** Values the generated function receives as `c[0]`, `c[1]`, … */
  constants: unknown[];
  /** Next free variable number. */
  next: number;
  /** Compiles a node the generator does not inline (unions) with the closure compiler. */
  fallback(schema: z.core.$ZodTypes): Check | undefined;
}

/**
 * Generates the source of a check for `schema` as straight-line JavaScript (`new Function`): every property
 * read is a named load at its own site, so V8's inline caches stay monomorphic on the fixed shapes a server's
 * JSON has, which a generic walker over the schema cannot get. Same subset and semantics as the closure compiler
 * of `schema-fast-path.ts` (which also handles the unions inlined here by reference); returns `undefined` for a
 * schema outside the subset, or when the runtime forbids code generation (a CSP, `--disallow-code-generation-
 * from-strings`) or zod runs `jitless`, so the caller falls back to the closure compiler.
 */
export function generateCheck(
  schema: z.core.$ZodTypes,
  exact: boolean,
  fallback: (schema: z.core.$ZodTypes) => Check | undefined,
): Check | undefined {
  if (!codeGenerationAllowed()) return undefined;
  const emitter: Emitter = { exact, constants: [], next: 0, fallback };
  const body = emit(schema, "v", emitter);
  if (body === undefined) return undefined;
  try {
    const factory = new Function(
      "c",
      "isPlain",
      "hasOwn",
      "keysOf",
      `"use strict";\nreturn function conforms(v) {\n${body}\nreturn true;\n};`,
    ) as (...args: unknown[]) => Check;
    return factory(emitter.constants, exact ? isJsonObject : isPlainObject, Object.hasOwn, Object.keys);
  } catch {
    return undefined;
  }
}

let allowed: boolean | undefined;

function codeGenerationAllowed(): boolean {
  const config = (globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig;
  if (config?.jitless) return false;
  if (allowed === undefined) {
    try {
      allowed = (new Function("return true") as () => boolean)();
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

/**
 * The definition keys each supported type may have. Anything else changes what zod accepts or returns (a string
 * `format` such as `z.email()`, `coerce`, a discriminated union's `discriminator`, a record's `mode`, …), so a
 * definition with another key is outside the subset. (`error` only changes zod's messages.)
 */
const DEF_KEYS: Record<string, ReadonlySet<string>> = {
  string: new Set(["type", "checks", "error"]),
  number: new Set(["type", "checks", "error"]),
  boolean: new Set(["type", "checks", "error"]),
  enum: new Set(["type", "entries", "checks", "error"]),
  literal: new Set(["type", "values", "checks", "error"]),
  optional: new Set(["type", "innerType", "error"]),
  nullable: new Set(["type", "innerType", "error"]),
  union: new Set(["type", "options", "checks", "error"]),
  array: new Set(["type", "element", "checks", "error"]),
  record: new Set(["type", "keyType", "valueType", "checks", "error"]),
  object: new Set(["type", "shape", "catchall", "checks", "error"]),
  unknown: new Set(["type", "error"]),
  any: new Set(["type", "error"]),
};

/** Whether `schema`'s definition is of a supported type and has only the keys that type may have. */
export function isSupportedDef(schema: z.core.$ZodTypes): boolean {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const allowed = DEF_KEYS[def.type as string];
  if (!allowed) return false;
  for (const key of Object.keys(def)) if (!allowed.has(key)) return false;
  return true;
}

/** A plain object (prototype `Object.prototype` or `null`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * An object as `JSON.parse` makes it (prototype `Object.prototype`): what an exact match needs, since zod's copy
 * of a null-prototype object has `Object.prototype`.
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

/** `min_length`/`max_length` checks as bounds; `undefined` when any other check is present. */
export function lengthBounds(
  checks: readonly z.core.$ZodCheck[] | undefined,
): { min: number; max: number } | undefined {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const check of checks ?? []) {
    const def = check._zod.def as z.core.$ZodCheckDef & { minimum?: number; maximum?: number };
    if (def.check === "min_length" && typeof def.minimum === "number") min = Math.max(min, def.minimum);
    else if (def.check === "max_length" && typeof def.maximum === "number") max = Math.min(max, def.maximum);
    else return undefined;
  }
  return { min, max };
}

/** `true` for `.int()` (safe integers), `false` for a plain number, `undefined` for any other check. */
export function integerOnly(checks: readonly z.core.$ZodCheck[] | undefined): boolean | undefined {
  let integer = false;
  for (const check of checks ?? []) {
    const def = check._zod.def as z.core.$ZodCheckDef & { format?: string };
    if (def.check === "number_format" && def.format === "safeint") integer = true;
    else return undefined;
  }
  return integer;
}

/**
 * Whether the check of `schema` lets `undefined` through (then an object key of that schema must be present,
 * as zod requires for a non-optional key). Errs towards `true`, which only makes a check stricter.
 */
export function acceptsUndefined(schema: z.core.$ZodTypes): boolean {
  const def = schema._zod.def;
  switch (def.type) {
    case "unknown":
    case "any":
    case "optional":
      return true;
    case "nullable":
      return acceptsUndefined(def.innerType as z.core.$ZodTypes);
    case "union":
      return def.options.some((option) => acceptsUndefined(option as z.core.$ZodTypes));
    default:
      return false;
  }
}

/** `|| X.length < min || X.length > max`, for the bounds that are set. */
function boundsTest(x: string, bounds: { min: number; max: number }): string {
  let test = "";
  if (bounds.min > 0) test += ` || ${x}.length < ${bounds.min}`;
  if (bounds.max !== Number.POSITIVE_INFINITY) test += ` || ${x}.length > ${bounds.max}`;
  return test;
}

function constant(e: Emitter, value: unknown): string {
  e.constants.push(value);
  return `c[${e.constants.length - 1}]`;
}

/** Statements that `return false` unless `x` conforms; `undefined` when the schema is outside the subset. */
function emit(schema: z.core.$ZodTypes, x: string, e: Emitter): string | undefined {
  if (!isSupportedDef(schema)) return undefined;
  const def = schema._zod.def;
  switch (def.type) {
    case "unknown":
    case "any":
      return "";
    case "string": {
      const bounds = lengthBounds(def.checks);
      return bounds && `if (typeof ${x} !== "string"${boundsTest(x, bounds)}) return false;`;
    }
    case "number": {
      const integer = integerOnly(def.checks);
      if (integer === undefined) return undefined;
      return integer
        ? `if (!Number.isSafeInteger(${x})) return false;`
        : `if (typeof ${x} !== "number" || !Number.isFinite(${x})) return false;`;
    }
    case "boolean":
      return def.checks?.length ? undefined : `if (typeof ${x} !== "boolean") return false;`;
    case "enum":
      if (def.checks?.length) return undefined;
      return `if (!${constant(e, new Set<unknown>(Object.values(def.entries)))}.has(${x})) return false;`;
    case "literal":
      if (def.checks?.length) return undefined;
      return `if (!${constant(e, new Set<unknown>(def.values))}.has(${x})) return false;`;
    case "optional": {
      const inner = emit(def.innerType as z.core.$ZodTypes, x, e);
      return inner === undefined ? undefined : inner === "" ? "" : `if (${x} !== undefined) {\n${inner}\n}`;
    }
    case "nullable": {
      const inner = emit(def.innerType as z.core.$ZodTypes, x, e);
      return inner === undefined ? undefined : inner === "" ? "" : `if (${x} !== null) {\n${inner}\n}`;
    }
    case "array":
      return emitArray(def, x, e);
    case "record":
      return emitRecord(def, x, e);
    case "object":
      return emitObject(def, x, e);
    default: {
      // Unions (and anything else the closure compiler knows) are called by reference.
      const check = e.fallback(schema);
      return check && `if (!${constant(e, check)}(${x})) return false;`;
    }
  }
}

function emitArray(def: z.core.$ZodArrayDef, x: string, e: Emitter): string | undefined {
  const bounds = lengthBounds(def.checks);
  if (!bounds) return undefined;
  const n = e.next++;
  const element = emit(def.element as z.core.$ZodTypes, `e${n}`, e);
  if (element === undefined) return undefined;
  const head = `if (!Array.isArray(${x})${boundsTest(x, bounds)}) return false;`;
  // A hole reads as undefined but zod sees no element there: leave sparse arrays to zod.
  return `${head}\nfor (let i${n} = 0; i${n} < ${x}.length; i${n}++) {\nif (!(i${n} in ${x})) return false;\nconst e${n} = ${x}[i${n}];\n${element}\n}`;
}

function emitRecord(def: z.core.$ZodRecordDef, x: string, e: Emitter): string | undefined {
  const keyDef = (def.keyType as z.core.$ZodTypes)._zod.def;
  if (keyDef.type !== "string" || keyDef.checks?.length || def.checks?.length) return undefined;
  const n = e.next++;
  const value = emit(def.valueType as z.core.$ZodTypes, `e${n}`, e);
  if (value === undefined) return undefined;
  let code = `if (!isPlain(${x}) || Object.getOwnPropertySymbols(${x}).length > 0) return false;`;
  if (e.exact) code += `\nif (hasOwn(${x}, "__proto__")) return false;`;
  if (value !== "") code += `\nfor (const k${n} of keysOf(${x})) {\nconst e${n} = ${x}[k${n}];\n${value}\n}`;
  return code;
}

function emitObject(def: z.core.$ZodObjectDef, x: string, e: Emitter): string | undefined {
  if (def.checks?.length) return undefined;
  const catchall = def.catchall ? (def.catchall as z.core.$ZodTypes)._zod.def.type : undefined;
  if (catchall !== undefined && catchall !== "unknown" && catchall !== "never") return undefined;
  const keys = Object.keys(def.shape);
  // An inherited name (`toString`, …) would be read from the prototype and copied by zod as an own key.
  if (keys.some((key) => key in Object.prototype)) return undefined;
  let code = `if (!isPlain(${x})) return false;`;
  if (e.exact) code += `\nif (hasOwn(${x}, "__proto__")) return false;`;
  for (const key of keys) {
    const fieldSchema = def.shape[key] as z.core.$ZodTypes;
    const n = e.next++;
    const field = emit(fieldSchema, `f${n}`, e);
    if (field === undefined) return undefined;
    const literal = JSON.stringify(key);
    code += `\nconst f${n} = ${x}[${literal}];`;
    // A required `unknown`/`any` key must be present even though `undefined` passes its check.
    if (fieldSchema._zod.def.type !== "optional" && acceptsUndefined(fieldSchema)) {
      code += `\nif (f${n} === undefined && !hasOwn(${x}, ${literal})) return false;`;
    }
    if (field !== "") code += `\n${field}`;
  }
  // Unknown keys: kept (`looseObject`), rejected (`strictObject`), or stripped (`object`), which copies the
  // input without them, so an exact match needs none.
  if (catchall === "never" || (catchall === undefined && e.exact)) {
    const n = e.next++;
    code += `\nfor (const k${n} of keysOf(${x})) if (!${constant(e, new Set(keys))}.has(k${n})) return false;`;
  }
  return code;
}
