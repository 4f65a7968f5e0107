/** A function tool call at `requires_action` (Azure `RequiredFunctionToolCall`). */
export interface FoundryToolCall {
  id: string;
  type?: string | undefined;
  function?: { name: string; arguments?: string | undefined } | undefined;
}

/** A run (Azure `ThreadRun`): only the fields the middleware reads. */
export interface FoundryRun {
  id: string;
  status: string;
  threadId?: string | undefined;
  requiredAction?:
    | {
        type?: string | undefined;
        submitToolOutputs?: { toolCalls?: FoundryToolCall[] | null | undefined } | null | undefined;
      }
    | null
    | undefined;
}

/** A thread message (Azure `ThreadMessage`): `content` is `[{type: "text", text: {value}}]`. */
export interface FoundryMessage {
  id?: string | undefined;
  role: string;
  runId?: string | null | undefined;
  content?: unknown;
  /** Creation time (`Date` in the Azure SDK). */
  createdAt?: Date | number | undefined;
}

/** One tool output to submit. */
export interface FoundryToolOutput {
  toolCallId: string;
  output: string;
}

/** A page-able message list: an async iterable (Azure `PagedAsyncIterableIterator`) or `{data}`. */
export type FoundryMessageList =
  | AsyncIterable<FoundryMessage>
  | Iterable<FoundryMessage>
  | { data: FoundryMessage[] };

/** The agents client surface used (`AgentsClient` from `@azure/ai-agents`, or `project.agents`). */
export interface FoundryAgentsClient {
  messages: {
    create(threadId: string, role: "user", content: string, options?: unknown): PromiseLike<unknown>;
    list(threadId: string, options?: unknown): FoundryMessageList | PromiseLike<FoundryMessageList>;
  };
  runs: {
    create(threadId: string, agentId: string, options?: unknown): PromiseLike<FoundryRun>;
    get(threadId: string, runId: string, options?: unknown): PromiseLike<FoundryRun>;
    submitToolOutputs(
      threadId: string,
      runId: string,
      toolOutputs: FoundryToolOutput[],
      options?: unknown,
    ): PromiseLike<FoundryRun>;
    cancel?(threadId: string, runId: string, options?: unknown): PromiseLike<unknown>;
  };
}

/** A call the tool executor receives: the id, name and parsed arguments (after any redaction). */
export interface FoundryToolInvocation {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** The raw tool call from the run. */
  call: FoundryToolCall;
}
