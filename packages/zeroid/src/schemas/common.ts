import { z } from "zod";
import type { Open } from "../identity/claims.js";

/** A string enum read leniently: known values are typed, unknown strings from newer servers pass. @internal */
export function openEnum<T extends string>(_values: readonly T[]): z.ZodType<Open<T>> {
  return z.string() as unknown as z.ZodType<Open<T>>;
}

/** Optional, nullable value (servers send `null` for unset optional fields). @internal */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

/**
 * A string the server always sends, typed as `string`. A newer or older server that omits it (or sends `null`)
 * still parses: the value reads as `""`. @internal
 */
export const present = () =>
  z
    .string()
    .nullish()
    .transform((value): string => value ?? "");

/** {@link present} for an open enum: typed as the known values (or any string), `""` when absent. @internal */
export const presentEnum = <T extends string>(values: readonly T[]) =>
  openEnum(values)
    .nullish()
    .transform((value): Open<T> => value ?? "");

/**
 * The array of a list response, or any array field the server always sends. ZeroID's Go server encodes an empty
 * slice as `null`; that (and a missing field) reads as `[]`. @internal
 */
export const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((value): z.output<T>[] => value ?? []);

/** Paging envelope fields shared by list responses. @internal */
export const paging = {
  total: opt(z.number()),
  limit: opt(z.number()),
  offset: opt(z.number()),
};

/** Common list query parameters. */
export interface PageQuery {
  /** Page size (server default 20, max 100). */
  limit?: number;
  /** Items to skip. */
  offset?: number;
}
