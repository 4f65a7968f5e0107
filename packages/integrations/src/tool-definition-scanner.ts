import { sha256, stableStringify } from "./hash.js";
import { isRecord } from "./text.js";

/** A tool definition as offered to a model. */
export interface ToolDefinition {
  /** Tool name. */
  name: string;
  /** Description shown to the model (the usual carrier of tool poisoning). */
  description?: string | undefined;
  /** Parameter schema (JSON Schema); class instances such as zod schemas are ignored for hashing and content. */
  parameters?: unknown;
}

/** Options of {@link ToolDefinitionScanner}. */
export interface ToolDefinitionScannerOptions {
  /** Distinct definitions remembered; the oldest are forgotten (and rescanned if seen again). Default 10 000. */
  maxEntries?: number | undefined;
}

/** The JSON-safe parameter schema of a definition: plain objects only. */
function plainParameters(parameters: unknown): unknown {
  if (!isRecord(parameters)) return undefined;
  const proto = Object.getPrototypeOf(parameters);
  return proto === Object.prototype || proto === null ? parameters : undefined;
}

/** SHA-256 over the canonical JSON of `{name, description, parameters}` (key order does not matter). */
export function hashToolDefinition(definition: ToolDefinition): string {
  return sha256(
    stableStringify({
      name: definition.name,
      description: definition.description ?? "",
      parameters: plainParameters(definition.parameters) ?? null,
    }),
  );
}

/** The text scanned for a definition: its description, then the JSON of its parameter schema. */
export function toolDefinitionContent(definition: ToolDefinition): string {
  const parts: string[] = [];
  if (definition.description) parts.push(definition.description);
  const parameters = plainParameters(definition.parameters);
  if (parameters !== undefined) parts.push(stableStringify(parameters));
  return parts.length > 0 ? parts.join("\n\n") : definition.name;
}

/**
 * A parameter schema as JSON Schema: plain objects as is; schema objects with a `toJSONSchema()` method (zod 4,
 * as LangChain tools carry) converted; anything else dropped.
 */
function jsonSchemaOf(schema: unknown): unknown {
  if (!isRecord(schema)) return undefined;
  if (plainParameters(schema) !== undefined) return schema;
  const convert = schema.toJSONSchema;
  if (typeof convert !== "function") return undefined;
  try {
    return plainParameters((convert as () => unknown).call(schema));
  } catch {
    return undefined;
  }
}

/**
 * Normalises framework tool shapes to {@link ToolDefinition}: `{name, description, parameters|inputSchema|
 * input_schema|schema|toolSpec.inputSchema}`, OpenAI `{type: "function", function: {name, description, parameters}}`, Azure
 * `{type: "function", function: {…}}`, Strands tools (`toolSpec.inputSchema`), LangChain tools (zod `schema`,
 * converted through `toJSONSchema()`). Entries without a name are skipped.
 */
export function toToolDefinitions(tools: unknown): ToolDefinition[] {
  const list = Array.isArray(tools) ? tools : isRecord(tools) ? Object.values(tools) : [];
  const out: ToolDefinition[] = [];
  for (const raw of list) {
    if (!isRecord(raw)) continue;
    const source = isRecord(raw.function) ? raw.function : raw;
    const name = typeof source.name === "string" ? source.name : undefined;
    if (!name) continue;
    out.push({
      name,
      description: typeof source.description === "string" ? source.description : undefined,
      parameters: jsonSchemaOf(
        source.parameters ??
          source.inputSchema ??
          source.input_schema ??
          source.schema ??
          (isRecord(source.toolSpec) ? source.toolSpec.inputSchema : undefined),
      ),
    });
  }
  return out;
}

/**
 * Runs each distinct piece of work once per key and shares the result: used to scan every distinct tool
 * definition once. Concurrent callers with the same key share one in-flight scan; a failed scan is forgotten,
 * so the next caller retries it. The result (e.g. a deny) is remembered, so callers can keep enforcing it.
 */
export class ToolDefinitionScanner<T = unknown> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #max: number;

  constructor(options: ToolDefinitionScannerOptions = {}) {
    this.#max = Math.max(1, options.maxEntries ?? 10_000);
  }

  /** Number of remembered results (including in-flight scans). */
  get size(): number {
    return this.#entries.size;
  }

  /** True when `key` was scanned (or is being scanned). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Returns the remembered result for `key`, or runs `scan` once and remembers its result. */
  scanOnce(key: string, scan: () => Promise<T>): Promise<T> {
    const existing = this.#entries.get(key);
    if (existing) return existing;
    const running = scan();
    this.#entries.set(key, running);
    running.catch(() => {
      if (this.#entries.get(key) === running) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return running;
  }

  /** Forgets every result. */
  clear(): void {
    this.#entries.clear();
  }
}
