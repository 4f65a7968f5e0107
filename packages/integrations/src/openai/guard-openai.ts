import { ConfigurationError } from "@highflame/core";
import type { OpenAI } from "openai";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { Conversation, ConversationCreateParams } from "openai/resources/conversations/conversations";
import type { ConversationItemList, ItemCreateParams } from "openai/resources/conversations/items";
import type {
  Response,
  ResponseCreateParamsBase,
  ResponseCreateParamsNonStreaming,
  ResponseCreateParamsStreaming,
  ResponseStreamEvent,
} from "openai/resources/responses/responses";
import type { Stream } from "openai/streaming";
import { IntegrationGuard } from "../integration-guard.js";
import { resolveSessionId } from "../session-id.js";
import { isRecord } from "../text.js";
import type { IntegrationOptions, ShieldLike } from "../types.js";
import { guardChatCompletion, guardChatParams } from "./chat.js";
import { type GuardStreamOptions, guardChatStream } from "./chat-stream.js";
import { conversationIdOf, guardConversationItems } from "./conversations.js";
import { type GuardedAPIPromise, guardedCall } from "./guarded-call.js";
import { guardResponse, guardResponseParams } from "./responses.js";
import { guardResponseStream } from "./responses-stream.js";

/** The per-request options of the openai client (`timeout`, `maxRetries`, `signal`, `headers`, …). */
export type OpenAIRequestOptions = Parameters<OpenAI["chat"]["completions"]["create"]>[1];

/** Options of {@link guardOpenAI}. */
export interface GuardOpenAIOptions extends IntegrationOptions, GuardStreamOptions {
  /**
   * Session id of one request, from its params (e.g. `(p) => p.metadata?.session_id`). Tried after the fixed
   * `sessionId` option. Default: the Responses `conversation` id, else none (then only the trailing user
   * messages of each request count as new).
   */
  sessionIdFrom?:
    | ((params: ChatCompletionCreateParamsBase | ResponseCreateParamsBase) => string | undefined)
    | undefined;
}

/** `chat.completions.create` of a guarded client: the openai overloads, returning {@link GuardedAPIPromise}. */
export interface GuardedChatCompletions {
  /** A guarded, non-streaming chat completion. */
  create(
    body: ChatCompletionCreateParamsNonStreaming,
    options?: OpenAIRequestOptions,
  ): GuardedAPIPromise<ChatCompletion>;
  /** A guarded chat completion stream. */
  create(
    body: ChatCompletionCreateParamsStreaming,
    options?: OpenAIRequestOptions,
  ): GuardedAPIPromise<Stream<ChatCompletionChunk>>;
  /** A guarded chat completion, streaming when `body.stream` is true. */
  create(
    body: ChatCompletionCreateParamsBase,
    options?: OpenAIRequestOptions,
  ): GuardedAPIPromise<Stream<ChatCompletionChunk> | ChatCompletion>;
}

/** `responses.create` of a guarded client: the openai overloads, returning {@link GuardedAPIPromise}. */
export interface GuardedResponses {
  /** A guarded, non-streaming response. */
  create(body: ResponseCreateParamsNonStreaming, options?: OpenAIRequestOptions): GuardedAPIPromise<Response>;
  /** A guarded response stream. */
  create(
    body: ResponseCreateParamsStreaming,
    options?: OpenAIRequestOptions,
  ): GuardedAPIPromise<Stream<ResponseStreamEvent>>;
  /** A guarded response, streaming when `body.stream` is true. */
  create(
    body: ResponseCreateParamsBase,
    options?: OpenAIRequestOptions,
  ): GuardedAPIPromise<Stream<ResponseStreamEvent> | Response>;
}

/** `conversations` of a guarded client: items added to a conversation are guarded as input. */
export interface GuardedConversations {
  /** Creates a conversation; its initial `items` are guarded (session: none yet). */
  create(
    body?: ConversationCreateParams | null,
    options?: OpenAIRequestOptions,
  ): GuardedAPIPromise<Conversation>;
  /** Items of a conversation; `create` guards the added items with the conversation id as the session. */
  readonly items: {
    /** Adds items to a conversation, after guarding them. */
    create(
      conversationID: string,
      params: ItemCreateParams,
      options?: OpenAIRequestOptions,
    ): GuardedAPIPromise<ConversationItemList>;
  };
}

/**
 * An openai client whose `chat.completions.create` and `responses.create` are guarded. Everything else is the
 * client's own; the helpers that generate without going through `create` (`parse`, `stream`, `runTools`) are
 * refused with a `ConfigurationError` rather than left unguarded.
 */
export type GuardedOpenAI<T extends OpenAI = OpenAI> = Omit<
  T,
  "chat" | "responses" | "conversations" | "withOptions"
> & {
  /** Chat, with guarded completions. */
  readonly chat: Omit<T["chat"], "completions"> & {
    readonly completions: Omit<T["chat"]["completions"], "create" | "parse" | "stream" | "runTools"> &
      GuardedChatCompletions;
  };
  /** Responses, with a guarded `create`. */
  readonly responses: Omit<T["responses"], "create" | "parse" | "stream"> & GuardedResponses;
  /** Conversations, whose added items are guarded. */
  readonly conversations: Omit<T["conversations"], "create" | "items"> & {
    create: GuardedConversations["create"];
    readonly items: Omit<T["conversations"]["items"], "create"> & GuardedConversations["items"];
  };
  /** A copy of the client with other options, guarded the same way. */
  withOptions(options: Parameters<T["withOptions"]>[0]): GuardedOpenAI<T>;
};

/**
 * Wraps an `openai` 7 client (or anything built on it, such as the client `@azure/ai-projects` hands out) so
 * that `chat.completions.create` and `responses.create`, streaming or not, are guarded:
 *
 * 1. before the call: tool definitions (once each), the new user input (prompt) and the tool results the model
 *    is about to read (tool_result); a block throws before anything is sent to the provider;
 * 2. after it: every tool call in the response (tool_call), then the output text (response). A block throws
 *    `BlockedError` / `SuspendedError` before the caller can act on a tool call.
 *
 * Streams: see `guardChatStream` — text streams through, tool calls and the finish are held until checked. The
 * original client is left untouched; the returned one is a view of it.
 */
export function guardOpenAI<T extends OpenAI>(
  openai: T,
  client: ShieldLike,
  options: GuardOpenAIOptions = {},
): GuardedOpenAI<T> {
  return guardOpenAIWith(openai, new IntegrationGuard(client, options, "openai"), options);
}

/** {@link guardOpenAI} with a given enforcement core (other adapters reuse it under their own name). */
export function guardOpenAIWith<T extends OpenAI>(
  openai: T,
  guard: IntegrationGuard,
  options: GuardOpenAIOptions,
): GuardedOpenAI<T> {
  if (!isRecord(openai) || !isRecord(openai.chat) || !isRecord(openai.responses)) {
    throw new ConfigurationError("guardOpenAI needs an openai client (new OpenAI(...))", {
      option: "openai",
    });
  }
  const sessionFor = (params: ChatCompletionCreateParamsBase | ResponseCreateParamsBase) =>
    resolveSessionId(
      guard.sessionId,
      () => options.sessionIdFrom?.(params),
      () => ("conversation" in params ? conversationIdOf(params.conversation) : undefined),
    );
  const completions = openai.chat.completions;
  const chatCreate = (params: ChatCompletionCreateParamsBase, requestOptions?: OpenAIRequestOptions) => {
    const target = effectiveBody(params, requestOptions);
    const sessionId = sessionFor(target);
    let body = target;
    return guardedCall(
      async () => {
        body = await guardChatParams(guard, target, sessionId);
      },
      () => completions.create(...sendArgs(params, body, requestOptions)),
      async (data: Stream<ChatCompletionChunk> | ChatCompletion) =>
        params.stream === true
          ? guardChatStream(guard, data as Stream<ChatCompletionChunk>, sessionId, options)
          : guardChatCompletion(guard, data as ChatCompletion, sessionId),
    );
  };
  const responses = openai.responses;
  const responsesCreate = (params: ResponseCreateParamsBase, requestOptions?: OpenAIRequestOptions) => {
    const target = effectiveBody(params, requestOptions);
    const sessionId = sessionFor(target);
    let body = target;
    return guardedCall(
      async () => {
        body = await guardResponseParams(guard, target, sessionId);
      },
      () => responses.create(...sendArgs(params, body, requestOptions)),
      async (data: Stream<ResponseStreamEvent> | Response) =>
        params.stream === true
          ? guardResponseStream(guard, data as Stream<ResponseStreamEvent>, sessionId, options)
          : guardResponse(guard, data as Response, sessionId),
    );
  };
  const chat = view(openai.chat, {
    completions: view(completions, { create: chatCreate, ...refusals("chat.completions") }),
  });
  const guardedResponses = view(responses, { create: responsesCreate, ...refusals("responses") });
  const conversations = openai.conversations;
  const conversationsCreate = (
    body?: ConversationCreateParams | null,
    requestOptions?: OpenAIRequestOptions,
  ) => {
    let sent = body;
    return guardedCall(
      async () => {
        const items = await guardConversationItems(guard, body?.items, guard.sessionId);
        if (body && items !== body.items) sent = { ...body, items };
      },
      () => conversations.create(sent, requestOptions),
      async (data: Conversation) => data,
    );
  };
  const items = conversations.items;
  const itemsCreate = (id: string, params: ItemCreateParams, requestOptions?: OpenAIRequestOptions) => {
    let sent = params;
    return guardedCall(
      async () => {
        const session = resolveSessionId(guard.sessionId, id);
        const guardedItems = await guardConversationItems(guard, params.items, session);
        if (guardedItems && guardedItems !== params.items) sent = { ...params, items: guardedItems };
      },
      () => items.create(id, sent, requestOptions),
      async (data: ConversationItemList) => data,
    );
  };
  const guardedConversations = view(conversations, {
    create: conversationsCreate,
    items: view(items, { create: itemsCreate }),
  });
  const withOptions = (more: Parameters<T["withOptions"]>[0]) =>
    guardOpenAIWith(openai.withOptions(more) as T, guard, options);
  return view(openai, {
    chat,
    responses: guardedResponses,
    conversations: guardedConversations,
    withOptions,
  }) as unknown as GuardedOpenAI<T>;
}

/**
 * The body the client will really send: openai builds the request as `{ body, ...options }`, so a plain-object
 * `options.body` replaces the params entirely (Azure's `agent_reference` samples use it). That body is guarded.
 */
function effectiveBody<P>(params: P, requestOptions: OpenAIRequestOptions | undefined): P {
  const override = requestOptions?.body;
  return isRecord(override) ? (override as P) : params;
}

/** The `create()` arguments carrying the guarded body where the original one was. */
function sendArgs<P>(
  params: P,
  guarded: P,
  requestOptions: OpenAIRequestOptions | undefined,
): [P, OpenAIRequestOptions?] {
  if (isRecord(requestOptions?.body)) return [params, { ...requestOptions, body: guarded }];
  return requestOptions === undefined ? [guarded] : [guarded, requestOptions];
}

function refusals(resource: string): Record<string, () => never> {
  const refuse = (method: string) => () => {
    throw new ConfigurationError(
      `${resource}.${method}() is not guarded by Highflame; call ${resource}.create() on the guarded client`,
      { option: method },
    );
  };
  return { parse: refuse("parse"), stream: refuse("stream"), runTools: refuse("runTools") };
}

/**
 * A read-through view of `target` with some properties replaced. Other methods are bound to the target, so the
 * client's private fields keep working; writes go to the target.
 */
function view<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === "string" && Object.hasOwn(overrides, property)) return overrides[property];
      const value = Reflect.get(object, property, object);
      if (typeof value === "function" && property !== "constructor") return value.bind(object);
      return value;
    },
    has(object, property) {
      return (
        (typeof property === "string" && Object.hasOwn(overrides, property)) || Reflect.has(object, property)
      );
    },
  });
}
