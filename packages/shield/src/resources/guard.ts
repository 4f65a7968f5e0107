import type { HttpClient } from "@highflame/core";
import { type GuardCallOptions, requestOptions, type ShieldContext } from "../context.js";
import { withFailMode } from "../fail-mode.js";
import { toolContent } from "../tool-args.js";
import { validateRequest } from "../validate.js";
import type { ToolContext } from "../wire/contexts.js";
import type { Mode } from "../wire/enums.js";
import { type GuardRequest, GuardRequestSchema } from "../wire/guard-request.js";
import { type GuardResponse, GuardResponseSchema } from "../wire/guard-response.js";
import { type DegradedGuardResponse, normalizeGuardResponse } from "../wire-extras.js";
import { GuardHandle } from "./guard-handle.js";
import { GuardStream } from "./guard-stream.js";

/** Request fields the shorthand helpers accept besides `content` (wire names, snake_case). */
export type GuardRequestExtras = Partial<
  Omit<GuardRequest, "content" | "content_type" | "action" | "mode" | "session_id">
>;

/** Options of {@link GuardResource.evaluatePrompt} and {@link GuardResource.evaluateToolCall}. */
export interface EvaluateHelperOptions extends GuardCallOptions {
  /** Enforcement mode. Default: the client's `defaultMode`, else the server's (`enforce`). */
  mode?: Mode | undefined;
  /** Session id linking turns (`session_id`). */
  sessionId?: string | undefined;
  /** Further request fields (`model`, `metadata`, `contexts`, `detectors`, `explain`, …), sent as given. */
  request?: GuardRequestExtras | undefined;
}

/** A guard result: the server's response, or a degraded allow under `failMode: "open"`. */
export type GuardResult = GuardResponse | DegradedGuardResponse;

/** `client.guard`: policy evaluation. `evaluate*` never throw on a deny — they return the response. */
export class GuardResource {
  readonly #ctx: ShieldContext;

  /** @internal Created by the client; use `client.guard`, `client.detect`, … */
  constructor(ctx: ShieldContext) {
    this.#ctx = ctx;
  }

  /**
   * `POST /v1/guard`. Validates the request first (empty content, unknown `content_type`/`action`/`mode` →
   * `RequestValidationError` naming the field, nothing sent). Applies the client's `defaultMode` when `mode` is
   * absent. Under `failMode: "open"`, an outage returns `{decision: "allow", degraded: true, …}`.
   *
   * @example
   * const res = await client.guard.evaluate({ content: "hi", content_type: "prompt", action: "process_prompt" });
   * if (denied(res)) throw new Error(policyReason(res));
   */
  evaluate(request: GuardRequest, options: GuardCallOptions = {}): Promise<GuardResult> {
    let body: GuardRequest;
    try {
      body = this.#prepare(request);
    } catch (error) {
      return Promise.reject(error);
    }
    return withFailMode(options.failMode ?? this.#ctx.failMode, this.#http.logger, "guard.evaluate", () =>
      this.#http
        .request(
          { method: "POST", path: this.#ctx.path("/guard"), body, ...requestOptions(options) },
          GuardResponseSchema,
        )
        .then(normalizeGuardResponse),
    );
  }

  /** Evaluates a user prompt (`content_type: "prompt"`, `action: "process_prompt"`). */
  evaluatePrompt(content: string, options: EvaluateHelperOptions = {}): Promise<GuardResult> {
    const { mode, sessionId, request, ...call } = options;
    return this.evaluate(
      { ...request, content, content_type: "prompt", action: "process_prompt", mode, session_id: sessionId },
      call,
    );
  }

  /**
   * Evaluates a tool call (`content_type: "tool_call"`, `action: "call_tool"`): `content` is the JSON of `args`
   * and `tool` carries `{name, arguments}` (merged with `request.tool`, e.g. `server_id`).
   */
  evaluateToolCall(
    toolName: string,
    args: Record<string, unknown> = {},
    options: EvaluateHelperOptions = {},
  ): Promise<GuardResult> {
    const { mode, sessionId, request, ...call } = options;
    const tool: ToolContext = { ...request?.tool, name: toolName, arguments: args };
    return this.evaluate(
      {
        ...request,
        content: toolContent(args),
        content_type: "tool_call",
        action: "call_tool",
        mode,
        session_id: sessionId,
        tool,
      },
      call,
    );
  }

  /**
   * `POST /v1/guard/stream`: per-detector results, then the decision, as typed events (see {@link GuardStream}).
   * Retried only until the response headers arrive. `failMode` does not apply to streams.
   */
  async stream(request: GuardRequest, options: GuardCallOptions = {}): Promise<GuardStream> {
    const body = this.#prepare(request);
    const sse = await this.#http.stream({
      method: "POST",
      path: this.#ctx.path("/guard/stream"),
      body,
      ...requestOptions(options),
    });
    return new GuardStream(sse);
  }

  /**
   * Starts an evaluation without waiting for it (non-blocking guardrails): do other work beside it, then await
   * `handle.result` (or `handle.check()`, which throws on deny) before the LLM call. `handle.signal` aborts when
   * the decision is not allowed (or evaluation fails under `failMode: "closed"`), cancelling work started with it.
   * Validation errors throw synchronously here, before anything starts.
   */
  start(request: GuardRequest, options: GuardCallOptions = {}): GuardHandle {
    this.#prepare(request);
    return new GuardHandle((signal) => this.evaluate(request, { ...options, signal }), options.signal);
  }

  get #http(): HttpClient {
    return this.#ctx.http;
  }

  #prepare(request: GuardRequest): GuardRequest {
    const withMode =
      request && request.mode === undefined && this.#ctx.defaultMode !== undefined
        ? { ...request, mode: this.#ctx.defaultMode }
        : request;
    return validateRequest(GuardRequestSchema, withMode, "guard request");
  }
}
