import type { GuardCallOptions } from "./context.js";
import type { FailMode } from "./fail-mode.js";
import type { GuardRequestExtras, GuardResult } from "./resources/guard.js";
import type { Action, ContentType, Mode } from "./wire/enums.js";

/** Any function a wrapper can guard (sync or async). */
// biome-ignore lint/suspicious/noExplicitAny: generic function constraint.
export type AnyFunction = (...args: any[]) => any;

/** The guarded version of `F`: same `this` and parameters, always async, same (awaited) return type. */
export type Guarded<F extends AnyFunction> = (
  this: ThisParameterType<F>,
  ...args: Parameters<F>
) => Promise<Awaited<ReturnType<F>>>;

/** A value fixed at wrap time or computed from each call's arguments. */
export type PerCall<F extends AnyFunction, T> = T | ((...args: Parameters<F>) => T);

/** Where a wrapper checks: before the function runs (its input) or after (its return value). */
export type GuardPhase = "before" | "after";

/** What a wrapper passes to `onDecision`. */
export interface DecisionInfo {
  phase: GuardPhase;
  mode: Mode;
  contentType: ContentType;
  action: Action;
}

/** Options shared by every wrapper. */
export interface WrapperOptions<F extends AnyFunction> {
  /**
   * Enforcement mode, fixed or per call (e.g. `(...args) => rollout({ enforcePercent: 10, sessionId })`).
   * `enforce` and `modify` throw on a non-allowed decision; `monitor` and `alert` never throw. Default: the
   * Shield's `defaultMode`, else the client's, else `enforce`.
   */
  mode?: PerCall<F, Mode> | undefined;
  /** Session id, fixed or computed from the call's arguments. Default: none. */
  sessionId?: PerCall<F, string | undefined> | undefined;
  /** Outage behaviour for this wrapper. Default: the Shield's, else the client's (`closed`). */
  failMode?: FailMode | undefined;
  /** Further request fields (`model`, `metadata`, `detectors`, …). */
  request?: GuardRequestExtras | undefined;
  /** Request options of the guard call (`timeout`, `maxRetries`, `deadline`, `headers`). */
  callOptions?: Omit<GuardCallOptions, "failMode" | "signal"> | undefined;
  /** Called with every response (including degraded ones), before enforcement. Use it for alerting. */
  onDecision?: ((response: GuardResult, info: DecisionInfo) => void) | undefined;
}

/** Options of `shield.prompt`. */
export interface PromptWrapperOptions<F extends AnyFunction> extends WrapperOptions<F> {
  /** Guarded argument: index, or parameter name. Default `0`. */
  contentArg?: number | string | undefined;
}

/** Options of `shield.tool`. */
export interface ToolWrapperOptions<F extends AnyFunction> extends WrapperOptions<F> {
  /** Tool name. Default `fn.name`. */
  toolName?: string | undefined;
  /**
   * Builds the tool arguments object from the call. Default: a single plain-object argument as is, else
   * positional arguments keyed by parameter name (`arg0…` when names are unavailable).
   */
  toolArgs?: ((...args: Parameters<F>) => Record<string, unknown>) | undefined;
}

/** Options of `shield.toolResponse`. */
export interface ToolResponseWrapperOptions<F extends AnyFunction> extends WrapperOptions<F> {
  /** Tool name. Default `fn.name`. */
  toolName?: string | undefined;
}

/** Options of `shield.modelResponse`. */
export type ModelResponseWrapperOptions<F extends AnyFunction> = WrapperOptions<F>;

/** Options of `shield.wrap`. */
export interface GenericWrapperOptions<F extends AnyFunction> extends WrapperOptions<F> {
  contentType: ContentType;
  action: Action;
  /** Default: `after` for `contentType: "response"`, else `before`. */
  phase?: GuardPhase | undefined;
  /** Guarded argument for `before` checks: index or parameter name. Default `0`. */
  contentArg?: number | string | undefined;
  /** Adds `tool: {name}` to the request. */
  toolName?: string | undefined;
  /**
   * For file operations (`contentType: "file"`, `read_file`, `write_file`): the argument holding the path, sent as
   * `file.path` (with `file.operation` `"write"`/`"read"`) so path policies apply. Index or parameter name.
   * Default: the first parameter named `path`, `filePath`, `filename`, `file`, …, else argument 0 when
   * `contentArg` is another argument.
   */
  pathArg?: number | string | undefined;
}
