import { redactText, redactValue } from "../redact.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Instances carry the names of every class in their chain under a global symbol, so `instanceof` holds even
 * when two copies of `@highflame/core` are installed (each copy has its own classes, both read the same brand).
 */
const KINDS = Symbol.for("highflame.error.kinds");

/** Stable string codes; switch on `error.code` rather than on class names or messages. */
export type HighflameErrorCode =
  | "highflame_error"
  | "api_error"
  | "bad_request"
  | "authentication_error"
  | "permission_denied"
  | "not_found"
  | "conflict"
  | "unprocessable_entity"
  | "rate_limited"
  | "internal_server_error"
  | "connection_error"
  | "timeout"
  | "aborted"
  | "stream_error"
  | "invalid_response"
  | "invalid_request"
  | "invalid_config"
  | "redirect_refused"
  | "response_too_large"
  | "client_closed"
  | (string & {});

/** Base class of every error the Highflame SDK throws. */
export class HighflameError extends Error {
  /** Brand name of this class; each subclass sets its own. */
  static readonly kind: string = "HighflameError";
  /** Stable machine-readable code. */
  readonly code: HighflameErrorCode;
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options: { code?: HighflameErrorCode; cause?: unknown } = {}) {
    super(redactText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? "highflame_error";
    const kinds: string[] = [];
    // Walk the whole constructor chain: a subclass without its own `kind` (a user's, or one that forgot it)
    // must not hide the brands of the classes above it.
    for (let ctor = new.target as unknown; ctor; ctor = Object.getPrototypeOf(ctor)) {
      if (Object.hasOwn(ctor as object, "kind")) kinds.push((ctor as { kind: string }).kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
    Object.defineProperty(this, "name", { value: new.target.name, enumerable: false, configurable: true });
  }

  // `this` is the class on the right of `instanceof` (a subclass); naming HighflameError here would break it.
  /** Brand check: true for instances of this class from any installed copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: must be the receiving subclass, see above.
    if (!Object.hasOwn(this, "kind")) return Function.prototype[Symbol.hasInstance].call(this, value);
    const kinds = (value as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: must be the receiving subclass, see above.
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  /** A log-safe plain object (secrets redacted). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }

  /**
   * What `util.inspect` (so `console.log(error)`) prints: the stack, then every own field with secrets
   * redacted (credential headers masked, credential-named body fields replaced, keys and JWTs scrubbed), and the
   * cause the same way.
   */
  [INSPECT](depth: number, options: object, inspect?: (value: unknown, options?: object) => string): string {
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(this)) fields[key] = redactValue((this as Record<string, unknown>)[key]);
    if (this.cause !== undefined) fields.cause = redactValue(this.cause);
    const stack = redactText(this.stack ?? `${this.name}: ${this.message}`);
    if (Object.keys(fields).length === 0) return stack;
    const rendered = inspect
      ? inspect(fields, { ...options, depth: Math.max(depth, 2) })
      : JSON.stringify(fields);
    return `${stack} ${rendered}`;
  }
}
