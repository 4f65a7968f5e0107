import { redactHeaders } from "./redact.js";

/**
 * Read-only view of response headers with the reading half of WHATWG `Headers`: a WHATWG `Headers` object
 * satisfies it, and the SDK's own transport returns a cheaper implementation of it.
 */
export interface ResponseHeaders extends Iterable<[string, string]> {
  /** The value of `name` (case-insensitive), repeated fields joined with `, `; `null` when absent. */
  get(name: string): string | null;
  /** Whether `name` (case-insensitive) is present. */
  has(name: string): boolean;
  /** Every `set-cookie` value, in order. */
  getSetCookie(): string[];
  /** `[name, value]` pairs, lower-case names in sorted order (as WHATWG `Headers` iterates them). */
  entries(): IterableIterator<[string, string]>;
  /** Lower-case header names. */
  keys(): IterableIterator<string>;
  /** Header values, in the order of {@link ResponseHeaders.keys}. */
  values(): IterableIterator<string>;
  /** Calls `callback(value, name)` for each header. */
  forEach(callback: (value: string, name: string, parent: ResponseHeaders) => void): void;
}

/** undici's raw header list: `[name, value, name, value, …]`, as buffers or strings. */
export type RawHeaderList = ReadonlyArray<Buffer | string | ReadonlyArray<Buffer | string>>;

/**
 * Headers parsed lazily from undici's raw `[name, value, name, value, …]` list: nothing is decoded unless
 * a header is read, so a call that only looks at `x-request-id` pays for one scan.
 */
export class RawResponseHeaders implements ResponseHeaders {
  #raw: RawHeaderList | undefined;
  #map: Map<string, string[]> | undefined;

  constructor(raw: RawHeaderList | null | undefined) {
    this.#raw = raw ?? [];
  }

  /** Builds headers from a plain record (names are lower-cased). */
  static fromRecord(record: Record<string, string | readonly string[] | undefined>): RawResponseHeaders {
    const raw: string[] = [];
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      for (const item of typeof value === "string" ? [value] : value) raw.push(name, item);
    }
    return new RawResponseHeaders(raw);
  }

  #parsed(): Map<string, string[]> {
    if (this.#map) return this.#map;
    const map = new Map<string, string[]>();
    const raw = this.#raw ?? [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = String(raw[i]).toLowerCase();
      const value = raw[i + 1]!;
      const items = Array.isArray(value) ? value.map(String) : [String(value)];
      const list = map.get(name);
      if (list) list.push(...items);
      else map.set(name, items);
    }
    this.#map = map;
    this.#raw = undefined;
    return map;
  }

  get(name: string): string | null {
    const lower = name.toLowerCase();
    if (this.#map) {
      const list = this.#map.get(lower);
      return list ? list.join(", ") : null;
    }
    // Until something needs them all, a lookup is a scan of the raw list (a response has a handful).
    const raw = this.#raw ?? [];
    let found: string | null = null;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (!nameIs(raw[i]!, lower)) continue;
      const value = raw[i + 1]!;
      const text = Array.isArray(value) ? value.map(String).join(", ") : value.toString();
      found = found === null ? text : `${found}, ${text}`;
    }
    return found;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  getSetCookie(): string[] {
    return [...(this.#parsed().get("set-cookie") ?? [])];
  }

  *entries(): IterableIterator<[string, string]> {
    const map = this.#parsed();
    for (const name of [...map.keys()].sort()) {
      if (name === "set-cookie") for (const value of map.get(name)!) yield [name, value];
      else yield [name, map.get(name)!.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, parent: ResponseHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  /** What `util.inspect` prints: the headers as a record, credential headers masked. */
  [Symbol.for("nodejs.util.inspect.custom")](): Record<string, string> {
    return redactHeaders(this);
  }

  /** Same as {@link RawResponseHeaders.entries}. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** Whether a raw header name is `lower` (ASCII case-insensitive), compared in place: no string is decoded. */
function nameIs(name: RawHeaderList[number], lower: string): boolean {
  if (name.length !== lower.length) return false;
  if (typeof name === "string") return name.toLowerCase() === lower;
  // A Buffer (a Uint8Array: no Node global needed, the fetch-only build shares this file).
  if (!(name instanceof Uint8Array)) return String(name).toLowerCase() === lower;
  for (let i = 0; i < lower.length; i++) {
    let code = name[i]!;
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Anything headers can be read from with `.get(name)`: WHATWG `Headers` or {@link ResponseHeaders}. */
export type HeaderReader = Pick<ResponseHeaders, "get">;
