import type { LanguageModelMiddleware } from "ai";

// Every shape here is derived from the `ai` package's own `LanguageModelMiddleware` (ai 7: the V4 language-model
// specification), so the adapter follows the installed AI SDK instead of a hand-copied interface.

/** `transformParams` of an AI SDK middleware. */
export type TransformParams = NonNullable<LanguageModelMiddleware["transformParams"]>;
/** `wrapGenerate` of an AI SDK middleware. */
export type WrapGenerate = NonNullable<LanguageModelMiddleware["wrapGenerate"]>;
/** `wrapStream` of an AI SDK middleware. */
export type WrapStream = NonNullable<LanguageModelMiddleware["wrapStream"]>;

/** The call options a middleware receives (`LanguageModelV4CallOptions`): `prompt`, `tools`, `providerOptions`, … */
export type AISDKCallParams = Parameters<TransformParams>[0]["params"];
/** One prompt message (`system`, `user`, `assistant` or `tool`). */
export type AISDKPromptMessage = AISDKCallParams["prompt"][number];
/** A tool offered to the model (`function` or `provider`). */
export type AISDKTool = NonNullable<AISDKCallParams["tools"]>[number];
/** What `doGenerate` resolves to (`LanguageModelV4GenerateResult`). */
export type AISDKGenerateResult = Awaited<ReturnType<WrapGenerate>>;
/** One part of a generate result's `content` (`text`, `tool-call`, `reasoning`, `file`, …). */
export type AISDKContent = AISDKGenerateResult["content"][number];
/** What `doStream` resolves to (`LanguageModelV4StreamResult`). */
export type AISDKStreamResult = Awaited<ReturnType<WrapStream>>;
/** One stream part (`text-delta`, `tool-call`, `finish`, `error`, …). */
export type AISDKStreamPart = AISDKStreamResult["stream"] extends ReadableStream<infer P> ? P : never;
/** A `tool-call` content or stream part (`input` is the JSON-encoded arguments). */
export type AISDKToolCall = Extract<AISDKContent, { type: "tool-call" }>;
