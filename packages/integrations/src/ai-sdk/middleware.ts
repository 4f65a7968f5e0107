import { IntegrationGuard } from "../integration-guard.js";
import { toTrackedMessage } from "../messages.js";
import { resolveSessionId } from "../session-id.js";
import { isRecord, replaceContentText, toArgs } from "../text.js";
import { toToolDefinitions } from "../tool-definition-scanner.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";

/** The call-options fields the middleware reads (`LanguageModelV2CallOptions`). */
export interface AISDKCallParams {
  /** Prompt messages: `{role: "system" | "user" | "assistant" | "tool", content}`. */
  prompt?: unknown;
  /** Tools offered to the model (`{type: "function", name, description, inputSchema}`). */
  tools?: unknown;
  /** Provider options; `providerOptions.highflame.sessionId` is read as the session id. */
  providerOptions?: unknown;
}

/** Options of {@link highflameMiddleware}. */
export interface HighflameAISDKOptions extends Omit<IntegrationOptions, "sessionId"> {
  /**
   * Session id, fixed or derived from the call params. Default: `providerOptions.highflame.sessionId` (or
   * `session_id`) of the call, else none — then only the trailing user message(s) of the prompt are guarded.
   */
  sessionId?: string | ((params: AISDKCallParams) => string | undefined) | undefined;
  /** Guard `tool-call` parts of the model output as tool calls. Default `true`. */
  guardToolCalls?: boolean | undefined;
}

/** A Vercel AI SDK `LanguageModelV2Middleware`-shaped object (use with `wrapLanguageModel`). */
export interface HighflameAISDKMiddleware {
  readonly middlewareVersion: "v2";
  /** Guards the new user prompt (and scans tool definitions once each); substitutes redacted text. */
  transformParams: <P extends AISDKCallParams>(options: {
    type: string;
    params: P;
    model?: unknown;
  }) => Promise<P>;
  /** Guards the generated text (and tool calls); substitutes redacted text. */
  wrapGenerate: <R>(options: {
    doGenerate: () => PromiseLike<R>;
    params: AISDKCallParams;
    model?: unknown;
  }) => Promise<R>;
  /**
   * Streams through, accumulating the text; when the stream finishes the text (and tool calls) are guarded and a
   * block replaces the `finish` part with an `error` part carrying the `BlockedError` (already streamed text
   * cannot be recalled; `modify` cannot be applied to it).
   */
  wrapStream: <R extends { stream: ReadableStream<unknown> }>(options: {
    doStream: () => PromiseLike<R>;
    params: AISDKCallParams;
    model?: unknown;
  }) => Promise<R>;
  /** The shared enforcement core. */
  readonly guard: IntegrationGuard;
}

type Part = Record<string, unknown>;

/**
 * Creates Vercel AI SDK language-model middleware guarded by Highflame Shield.
 *
 * @example
 * const model = wrapLanguageModel({ model: openai("gpt-4o"), middleware: highflameMiddleware(client) });
 */
export function highflameMiddleware(
  client: ShieldLike,
  options: HighflameAISDKOptions = {},
): HighflameAISDKMiddleware {
  const { sessionId: sessionOption, guardToolCalls = true, ...rest } = options;
  const guard = new IntegrationGuard(client, rest, "ai-sdk");
  const sessionIdFor = (params: AISDKCallParams): string | undefined =>
    resolveSessionId(
      typeof sessionOption === "function" ? () => sessionOption(params) : sessionOption,
      () => highflameOption(params, "sessionId") ?? highflameOption(params, "session_id"),
    );

  async function checkOutput(
    parts: Part[],
    sessionId: string | undefined,
  ): Promise<{ parts: Part[]; text?: string }> {
    const text = parts
      .filter((p) => p.type === "text")
      .map((p) => (typeof p.text === "string" ? p.text : typeof p.delta === "string" ? p.delta : ""))
      .join("");
    const outcome = await guard.check({ kind: "response", content: text, sessionId });
    let out = parts;
    if (outcome.modified) out = replaceTextParts(parts, outcome.content);
    if (guardToolCalls) {
      out = await Promise.all(
        out.map(async (part) => {
          if (part.type !== "tool-call" || typeof part.toolName !== "string") return part;
          const raw = part.input ?? part.args;
          const result = await guard.check({
            kind: "tool_call",
            toolName: part.toolName,
            toolArgs: toArgs(raw),
            sessionId,
          });
          if (!result.modified || !result.args) return part;
          const encoded = JSON.stringify(result.args);
          return "input" in part
            ? { ...part, input: encoded }
            : { ...part, args: typeof raw === "string" ? encoded : result.args };
        }),
      );
    }
    return outcome.modified ? { parts: out, text: outcome.content } : { parts: out };
  }

  return {
    middlewareVersion: "v2",
    guard,
    transformParams: async (opts) => {
      const params = opts.params;
      const sessionId = sessionIdFor(params);
      const tools = Array.isArray(params.tools)
        ? params.tools.filter((t) => !isRecord(t) || t.type === undefined || t.type === "function")
        : [];
      await guard.scanToolDefinitions(toToolDefinitions(tools), sessionId);
      const prompt = Array.isArray(params.prompt) ? (params.prompt as unknown[]) : [];
      const outcomes = await guard.guardNewUserMessages(sessionId, prompt.map(toTrackedMessage));
      if (!outcomes.some((o) => o.modified)) return params;
      const next = [...prompt];
      for (const outcome of outcomes) {
        const message = next[outcome.index];
        if (outcome.modified && isRecord(message)) {
          next[outcome.index] = { ...message, content: replaceContentText(message.content, outcome.content) };
        }
      }
      return { ...params, prompt: next };
    },
    wrapGenerate: async (opts) => {
      const result = await opts.doGenerate();
      if (!isRecord(result)) return result;
      const sessionId = sessionIdFor(opts.params);
      if (Array.isArray(result.content)) {
        const checked = await checkOutput(result.content as Part[], sessionId);
        return { ...result, content: checked.parts } as typeof result;
      }
      // v1-style result: `text` plus `toolCalls`.
      const parts: Part[] = [
        ...(typeof result.text === "string" ? [{ type: "text", text: result.text }] : []),
        ...(Array.isArray(result.toolCalls)
          ? (result.toolCalls as Part[]).map((c) => ({ ...c, type: "tool-call" }))
          : []),
      ];
      const checked = await checkOutput(parts, sessionId);
      const toolCalls = checked.parts.filter((p) => p.type === "tool-call").map(({ type: _t, ...c }) => c);
      return {
        ...result,
        ...(checked.text !== undefined ? { text: checked.text } : {}),
        ...(Array.isArray(result.toolCalls) ? { toolCalls } : {}),
      } as typeof result;
    },
    wrapStream: async (opts) => {
      const result = await opts.doStream();
      const sessionId = sessionIdFor(opts.params);
      const seen: Part[] = [];
      let checked = false;
      const verify = async (controller: TransformStreamDefaultController<unknown>): Promise<boolean> => {
        checked = true;
        try {
          await checkOutput(seen, sessionId);
          return true;
        } catch (error) {
          controller.enqueue({ type: "error", error });
          return false;
        }
      };
      const transform = new TransformStream<unknown, unknown>({
        async transform(chunk, controller) {
          if (isRecord(chunk)) {
            if (chunk.type === "text-delta") {
              const delta = typeof chunk.delta === "string" ? chunk.delta : chunk.textDelta;
              seen.push({ type: "text", text: typeof delta === "string" ? delta : "" });
            } else if (chunk.type === "tool-call") {
              seen.push(chunk);
            } else if (chunk.type === "finish" && !checked) {
              if (!(await verify(controller))) return;
            }
          }
          controller.enqueue(chunk);
        },
        async flush(controller) {
          if (!checked && seen.length > 0) await verify(controller);
        },
      });
      return { ...result, stream: result.stream.pipeThrough(transform) };
    },
  };
}

function highflameOption(params: AISDKCallParams, key: string): unknown {
  const options = params.providerOptions;
  if (!isRecord(options) || !isRecord(options.highflame)) return undefined;
  return options.highflame[key];
}

/** Puts `text` into the first text part and drops the other text parts. */
function replaceTextParts(parts: Part[], text: string): Part[] {
  let placed = false;
  const out: Part[] = [];
  for (const part of parts) {
    if (part.type !== "text") {
      out.push(part);
    } else if (!placed) {
      out.push({ ...part, text });
      placed = true;
    }
  }
  if (!placed) out.unshift({ type: "text", text });
  return out;
}
