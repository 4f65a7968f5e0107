import { ConfigurationError, type Logger } from "@highflame/core";
import type { GuardCallOptions } from "./context.js";
import { DecisionLog } from "./decision-log.js";
import { allowed } from "./decisions.js";
import type { FailMode } from "./fail-mode.js";
import { fileOperation, isFileOperation, pathArgIndex } from "./file-args.js";
import type { GuardResult } from "./resources/guard.js";
import { blockedErrorFor } from "./resources/guard-handle.js";
import type {
  AnyFunction,
  GenericWrapperOptions,
  Guarded,
  GuardPhase,
  ModelResponseWrapperOptions,
  PerCall,
  PromptWrapperOptions,
  ToolResponseWrapperOptions,
  ToolWrapperOptions,
  WrapperOptions,
} from "./shield-types.js";
import { argsToRecord, isPlainObject, parameterNames, recordToArgs, toolContent } from "./tool-args.js";
import type { FileContext, ToolContext } from "./wire/contexts.js";
import type { Action, ContentType, Mode } from "./wire/enums.js";
import type { GuardRequest } from "./wire/guard-request.js";

/** What a {@link Shield} needs from a client: `guard.evaluate` (a `ShieldClient` or `Highflame`). */
export interface ShieldTarget {
  guard: {
    /** Evaluates one request (see `GuardResource.evaluate`). */
    evaluate(request: GuardRequest, options?: GuardCallOptions): Promise<GuardResult>;
  };
  logger?: Logger;
  defaultMode?: Mode | undefined;
}

/** Options of {@link Shield}. */
export interface ShieldOptions {
  /** Mode of wrappers that set none. Default: the client's `defaultMode`, else `enforce`. */
  defaultMode?: Mode | undefined;
  /** Outage behaviour of wrappers that set none. Default: the client's (`closed`). */
  failMode?: FailMode | undefined;
  /**
   * Window in which repeats of one monitor/alert log line (same mode, decision and policies) are counted and
   * then summarised in one line, ms. Default 60 000; 0 prints every line. A negative or non-finite value is a
   * `ConfigurationError` at construction.
   */
  logWindowMs?: number | undefined;
}

interface Plan {
  phase: GuardPhase;
  contentType: ContentType;
  action: Action;
  /** `before`: guarded content of a call, and how to put a redacted version back into the arguments. */
  input?: (args: unknown[]) => {
    content: string;
    tool?: ToolContext;
    file?: FileContext;
    apply(redacted: string): unknown[] | undefined;
  };
  /** `after`: tool context for the result check. */
  tool?: ToolContext;
}

/**
 * Enforcement wrappers. Each returns an async function with the wrapped function's `this`, parameters and
 * (awaited) return type.
 *
 * | decision | `enforce` / `modify` mode | `monitor` / `alert` mode |
 * |---|---|---|
 * | `allow` | proceed | proceed |
 * | `modify` | proceed with `redacted_content` (argument replaced before, return value replaced after) | same |
 * | `deny` (or unknown) | throw `BlockedError`; a `before` check never calls the function | proceed |
 * | `step_up` / `defer` | throw `SuspendedError` | proceed |
 *
 * @example
 * const shield = new Shield(client);
 * const chat = shield.prompt(async (message: string) => llm(message), { sessionId: "conv_1" });
 * const search = shield.tool(async function search(query: string, limit: number) { … });
 */
export class Shield {
  readonly #client: ShieldTarget;
  readonly #options: ShieldOptions;
  readonly #decisions: DecisionLog;

  constructor(client: ShieldTarget, options: ShieldOptions = {}) {
    if (!client?.guard || typeof client.guard.evaluate !== "function") {
      throw new ConfigurationError("Shield needs a client with guard.evaluate (ShieldClient or Highflame)", {
        option: "client",
      });
    }
    this.#client = client;
    this.#options = options;
    this.#decisions = new DecisionLog(() => this.#logger(), { windowMs: options.logWindowMs });
  }

  /** Prints the pending summaries of repeated monitor/alert log lines now (e.g. before shutdown). */
  flushLogs(): void {
    this.#decisions.flush();
  }

  /** Guards a prompt before `fn` runs (`prompt` / `process_prompt`); `contentArg` picks the argument. */
  prompt<F extends AnyFunction>(fn: F, options: PromptWrapperOptions<F> = {}): Guarded<F> {
    return this.wrap<F>({ ...options, contentType: "prompt", action: "process_prompt", phase: "before" })(fn);
  }

  /**
   * Guards a tool call before `fn` runs (`tool_call` / `call_tool`): the call's arguments become
   * `tool.arguments` and their JSON the `content`. A `modify` decision maps the redacted JSON back onto the
   * arguments.
   */
  tool<F extends AnyFunction>(fn: F, options: ToolWrapperOptions<F> = {}): Guarded<F> {
    const toolName = options.toolName ?? fn.name;
    if (!toolName)
      throw new ConfigurationError("shield.tool needs a named function or toolName", { option: "toolName" });
    const names = parameterNames(fn);
    const plan: Plan = {
      phase: "before",
      contentType: "tool_call",
      action: "call_tool",
      input: (args) => {
        const record = options.toolArgs
          ? options.toolArgs(...(args as Parameters<F>))
          : argsToRecord(args, names);
        return {
          content: toolContent(record),
          tool: { ...options.request?.tool, name: toolName, arguments: record },
          apply: (redacted) => {
            const parsed = safeJson(redacted);
            return isPlainObject(parsed) && !options.toolArgs ? recordToArgs(parsed, args, names) : undefined;
          },
        };
      },
    };
    return this.#guard(fn, plan, options);
  }

  /** Runs `fn` (always), then guards its return value as a tool result (`response` / `call_tool`). */
  toolResponse<F extends AnyFunction>(fn: F, options: ToolResponseWrapperOptions<F> = {}): Guarded<F> {
    const toolName = options.toolName ?? fn.name;
    return this.#guard(
      fn,
      {
        phase: "after",
        contentType: "response",
        action: "call_tool",
        ...(toolName ? { tool: { ...options.request?.tool, name: toolName } } : {}),
      },
      options,
    );
  }

  /** Runs `fn`, then guards its return value as model output (`response` / `process_prompt`). */
  modelResponse<F extends AnyFunction>(fn: F, options: ModelResponseWrapperOptions<F> = {}): Guarded<F> {
    return this.#guard(fn, { phase: "after", contentType: "response", action: "process_prompt" }, options);
  }

  /**
   * Generic wrapper: `shield.wrap({ contentType: "file", action: "write_file", contentArg: 1 })(writeFile)`.
   * `before` checks guard the `contentArg` argument; `after` checks guard the return value.
   */
  wrap<F extends AnyFunction>(options: GenericWrapperOptions<F>): (fn: F) => Guarded<F> {
    const phase = options.phase ?? (options.contentType === "response" ? "after" : "before");
    return (fn: F) => {
      const tool = options.toolName ? { ...options.request?.tool, name: options.toolName } : undefined;
      const plan: Plan = {
        phase,
        contentType: options.contentType,
        action: options.action,
        ...(tool ? { tool } : {}),
      };
      if (phase === "before") {
        const index = argIndex(fn, options.contentArg ?? 0);
        const fileOp = isFileOperation(options.contentType, options.action);
        const pathIndex = fileOp ? pathArgIndex(fn, options.pathArg, index) : undefined;
        plan.input = (args) => {
          const value = args[index];
          const path = pathIndex === undefined ? undefined : pathOf(args[pathIndex]);
          const operation = fileOperation(options.action);
          return {
            content: typeof value === "string" ? value : (JSON.stringify(value) ?? ""),
            ...(tool ? { tool } : {}),
            ...(path === undefined
              ? {}
              : { file: { ...options.request?.file, path, ...(operation ? { operation } : {}) } }),
            apply: (redacted) =>
              typeof value === "string" ? args.map((a, i) => (i === index ? redacted : a)) : undefined,
          };
        };
      }
      return this.#guard(fn, plan, options);
    };
  }

  #guard<F extends AnyFunction>(fn: F, plan: Plan, options: WrapperOptions<F>): Guarded<F> {
    if (typeof fn !== "function")
      throw new ConfigurationError("Shield wrappers need a function", { option: "fn" });
    const shield = this;
    const guarded = async function (this: ThisParameterType<F>, ...args: Parameters<F>) {
      const mode =
        resolve(options.mode, args) ?? shield.#options.defaultMode ?? shield.#client.defaultMode ?? "enforce";
      const sessionId = resolve(options.sessionId, args);
      let callArgs: unknown[] = args;
      if (plan.phase === "before") {
        const input = plan.input!(args);
        const response = await shield.#check(
          plan,
          options,
          mode,
          sessionId,
          input.content,
          input.tool,
          input.file,
        );
        if (response.decision === "modify" && typeof response.redacted_content === "string") {
          const replaced = input.apply(response.redacted_content);
          if (replaced) callArgs = replaced;
          else shield.#logger()?.warn("modify decision: could not apply redacted_content to the arguments");
        }
        return await fn.apply(this, callArgs);
      }
      const result = await fn.apply(this, callArgs);
      const content = typeof result === "string" ? result : (JSON.stringify(result) ?? "");
      if (content === "") return result;
      const response = await shield.#check(plan, options, mode, sessionId, content, plan.tool);
      if (response.decision === "modify" && typeof response.redacted_content === "string") {
        if (typeof result === "string") return response.redacted_content;
        const parsed = safeJson(response.redacted_content);
        if (parsed !== undefined) return parsed;
        shield.#logger()?.warn("modify decision: could not apply redacted_content to the return value");
      }
      return result;
    };
    Object.defineProperty(guarded, "name", { value: fn.name, configurable: true });
    return guarded as Guarded<F>;
  }

  async #check<F extends AnyFunction>(
    plan: Plan,
    options: WrapperOptions<F>,
    mode: Mode,
    sessionId: string | undefined,
    content: string,
    tool: ToolContext | undefined,
    file?: FileContext,
  ): Promise<GuardResult> {
    const request: GuardRequest = {
      ...options.request,
      content,
      content_type: plan.contentType,
      action: plan.action,
      mode,
      ...(sessionId ? { session_id: sessionId } : {}),
      ...(tool ? { tool } : {}),
      ...(file ? { file } : {}),
    };
    const failMode = options.failMode ?? this.#options.failMode;
    const response = await this.#client.guard.evaluate(request, {
      ...options.callOptions,
      ...(failMode ? { failMode } : {}),
    });
    options.onDecision?.(response, {
      phase: plan.phase,
      mode,
      contentType: plan.contentType,
      action: plan.action,
    });
    const enforcing = mode === "enforce" || mode === "modify";
    if (!allowed(response) && enforcing) throw blockedErrorFor(response);
    this.#decisions.record({
      response,
      mode,
      sessionId,
      contentType: plan.contentType,
      action: plan.action,
    });
    return response;
  }

  #logger(): Logger | undefined {
    return this.#client.logger;
  }
}

function resolve<F extends AnyFunction, T>(
  value: PerCall<F, T> | undefined,
  args: Parameters<F>,
): T | undefined {
  return typeof value === "function" ? (value as (...a: Parameters<F>) => T)(...args) : value;
}

function argIndex(fn: AnyFunction, contentArg: number | string): number {
  if (typeof contentArg === "number") {
    if (!Number.isInteger(contentArg) || contentArg < 0) {
      throw new ConfigurationError("contentArg must be a non-negative integer or a parameter name", {
        option: "contentArg",
      });
    }
    return contentArg;
  }
  const index = parameterNames(fn)?.indexOf(contentArg) ?? -1;
  if (index === -1) {
    throw new ConfigurationError(
      `contentArg "${contentArg}" is not a parameter of ${fn.name || "the function"}`,
      {
        option: "contentArg",
      },
    );
  }
  return index;
}

/** A path argument as sent: strings as given, URLs (`file:`) as their path; anything else is not a path. */
function pathOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof URL)
    return value.protocol === "file:" ? decodeURIComponent(value.pathname) : value.href;
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
