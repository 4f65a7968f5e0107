import { z } from "zod";
import type { Open } from "../identity/claims.js";

/** A string enum read leniently: known values are typed, unknown strings from newer servers pass. @internal */
export function openEnum<T extends string>(_values: readonly T[]): z.ZodType<Open<T>> {
  return z.string() as unknown as z.ZodType<Open<T>>;
}

/** Optional, nullable value (servers send `null` for unset optional fields). @internal */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

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
