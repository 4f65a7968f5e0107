import { ConfigurationError } from "@highflame/core";
import type { LanguageModelMiddleware } from "ai";
import { IntegrationGuard } from "../integration-guard.js";
import { resolveSessionId } from "../session-id.js";
import { isRecord } from "../text.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import { guardContent, type OutputCheckContext } from "./output.js";
import { guardCallParams } from "./prompt.js";
import { guardStream, type StreamOutputMode } from "./stream.js";
import type { AISDKCallParams } from "./types.js";

/** Options of {@link highflameMiddleware}. */
export interface HighflameAISDKOptions extends Omit<IntegrationOptions, "sessionId"> {
  /**
   * Session id (`session_id`), fixed or derived from the call options. Default: `providerOptions.highflame.sessionId`
   * (or `session_id`) of the call, else none — then only the trailing user message(s) of the prompt are guarded.
   */
  sessionId?: string | ((params: AISDKCallParams) => string | undefined) | undefined;
  /** Guard each `tool-call` of the model before the AI SDK can execute it. Default `true`. */
  guardToolCalls?: boolean | undefined;
  /**
   * Guard the tool results of the previous step (the `tool` messages the AI SDK sends back to the model) as tool
   * responses, so a poisoned tool output never reaches the model. Default `true`.
   */
  guardToolResults?: boolean | undefined;
  /**
   * What `streamText` shows before the output is guarded: `"passthrough"` (text streams as it arrives; a block
   * ends the stream with an `error` part, and `modify` cannot change text already shown) or `"buffer"` (nothing
   * is shown until the whole output passed; `modify` applies). Default `"passthrough"`.
   */
  streamOutput?: StreamOutputMode | undefined;
  /**
   * Most characters of streamed text held for the output check (and, with `streamOutput: "buffer"`, for the
   * caller). Beyond it the stream ends with an `error` part carrying a `RequestValidationError` (field
   * `content`) — fail closed rather than grow without bound or pass unguarded text. Default 1 000 000.
   */
  maxOutputChars?: number | undefined;
}

/**
 * An AI SDK `LanguageModelMiddleware` (the `ai` package's own type: the V4 middleware of ai 7) guarded by
 * Highflame Shield, plus the shared enforcement core.
 */
export type HighflameAISDKMiddleware = LanguageModelMiddleware &
  Required<Pick<LanguageModelMiddleware, "transformParams" | "wrapGenerate" | "wrapStream">> & {
    /** `"v4"`: the AI SDK language-model specification the middleware is written against. */
    readonly specificationVersion: "v4";
    /** The shared enforcement core (session tracker, tool-definition scan cache). */
    readonly guard: IntegrationGuard;
  };

/**
 * Creates AI SDK middleware for `wrapLanguageModel` that guards every model call with Highflame Shield:
 *
 * - `transformParams`: scans each distinct function-tool definition once, guards the new user prompt and the
 *   previous step's tool results, and substitutes redacted text after `modify`. A block throws before the
 *   model is called.
 * - `wrapGenerate`: guards the output text and each `tool-call` before `generateText` can execute the tool; a
 *   block throws `BlockedError` (`SuspendedError` for `step_up`/`defer`) from `generateText`.
 * - `wrapStream`: guards each `tool-call` part as it arrives and the text at `finish`. A block becomes an
 *   `error` part carrying the `BlockedError` and the stream ends without `finish`, so `streamText` runs no tool
 *   of that step (see `streamOutput` for text already streamed).
 *
 * @example
 * const model = wrapLanguageModel({ model: openai("gpt-5"), middleware: highflameMiddleware(client) });
 */
export function highflameMiddleware(
  client: ShieldLike,
  options: HighflameAISDKOptions = {},
): HighflameAISDKMiddleware {
  const {
    sessionId: sessionOption,
    guardToolCalls = true,
    guardToolResults = true,
    streamOutput = "passthrough",
    maxOutputChars = 1_000_000,
    ...rest
  } = options;
  if (!Number.isInteger(maxOutputChars) || maxOutputChars < 1) {
    throw new ConfigurationError(`maxOutputChars must be a positive integer, got ${String(maxOutputChars)}`, {
      option: "maxOutputChars",
    });
  }
  if (streamOutput !== "passthrough" && streamOutput !== "buffer") {
    throw new ConfigurationError(
      `streamOutput must be "passthrough" or "buffer", got ${JSON.stringify(streamOutput)}`,
      {
        option: "streamOutput",
      },
    );
  }
  const guard = new IntegrationGuard(client, rest, "ai-sdk");
  const sessionIdFor = (params: AISDKCallParams): string | undefined =>
    resolveSessionId(
      typeof sessionOption === "function" ? () => sessionOption(params) : sessionOption,
      () => highflameOption(params, "sessionId") ?? highflameOption(params, "session_id"),
    );
  const contextFor = (params: AISDKCallParams): OutputCheckContext => ({
    guard,
    sessionId: sessionIdFor(params),
    guardToolCalls,
  });

  return {
    specificationVersion: "v4",
    guard,
    transformParams: ({ params }) => guardCallParams(guard, params, sessionIdFor(params), guardToolResults),
    wrapGenerate: async ({ doGenerate, params }) => {
      const result = await doGenerate();
      const content = await guardContent(contextFor(params), result.content);
      return { ...result, content };
    },
    wrapStream: async ({ doStream, params }) => {
      const result = await doStream();
      return {
        ...result,
        stream: result.stream.pipeThrough(guardStream(contextFor(params), streamOutput, maxOutputChars)),
      };
    },
  };
}

function highflameOption(params: AISDKCallParams, key: string): unknown {
  const highflame = params.providerOptions?.highflame;
  return isRecord(highflame) ? highflame[key] : undefined;
}
