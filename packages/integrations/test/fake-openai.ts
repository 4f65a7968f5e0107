import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted model turn: text and/or tool calls. */
export interface FakeReply {
  text?: string;
  toolCalls?: { name: string; arguments: string; id?: string }[];
  /** Responses API only: MCP approval requests (`mcp_approval_request` items). */
  mcpApprovals?: { name: string; arguments: string; serverLabel: string }[];
}

/** A request the fake received. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

/** A local fake of the OpenAI HTTP API (Chat Completions and Responses, JSON and SSE) on port 0. */
export interface FakeOpenAI extends AsyncDisposable {
  /** Origin, e.g. `http://127.0.0.1:1234`. */
  readonly origin: string;
  /** `baseURL` for an openai client: `${origin}/v1`. */
  readonly baseURL: string;
  /** Queues the next replies (first in, first out). */
  reply(...replies: FakeReply[]): void;
  /** Requests received, in order. */
  readonly requests: FakeRequest[];
  /** Model-call requests (`/chat/completions`, `/responses`) received. */
  modelCalls(): FakeRequest[];
  close(): Promise<void>;
}

const split = (text: string, size: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [""];
};

function chatMessage(reply: FakeReply, n: number) {
  return {
    role: "assistant",
    content: reply.text ?? null,
    refusal: null,
    ...(reply.toolCalls?.length
      ? {
          tool_calls: reply.toolCalls.map((c, i) => ({
            id: c.id ?? `call_${n}_${i}`,
            type: "function",
            function: { name: c.name, arguments: c.arguments },
          })),
        }
      : {}),
  };
}

function chatCompletion(reply: FakeReply, n: number, model: string) {
  return {
    id: `chatcmpl-${n}`,
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: chatMessage(reply, n),
        finish_reason: reply.toolCalls?.length ? "tool_calls" : "stop",
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
  };
}

function chatChunks(reply: FakeReply, n: number, model: string): unknown[] {
  const base = { id: `chatcmpl-${n}`, object: "chat.completion.chunk", created: 1_700_000_000, model };
  const chunk = (delta: unknown, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  const out: unknown[] = [chunk({ role: "assistant", content: "" })];
  if (reply.text) for (const piece of split(reply.text, 4)) out.push(chunk({ content: piece }));
  reply.toolCalls?.forEach((c, i) => {
    out.push(
      chunk({
        tool_calls: [
          {
            index: i,
            id: c.id ?? `call_${n}_${i}`,
            type: "function",
            function: { name: c.name, arguments: "" },
          },
        ],
      }),
    );
    for (const piece of split(c.arguments, 6)) {
      out.push(chunk({ tool_calls: [{ index: i, function: { arguments: piece } }] }));
    }
  });
  out.push(chunk({}, reply.toolCalls?.length ? "tool_calls" : "stop"));
  out.push({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } });
  return out;
}

function responseItems(reply: FakeReply, n: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (reply.text) {
    items.push({
      type: "message",
      id: `msg_${n}`,
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: reply.text, annotations: [], logprobs: [] }],
    });
  }
  reply.toolCalls?.forEach((c, i) => {
    items.push({
      type: "function_call",
      id: `fc_${n}_${i}`,
      call_id: c.id ?? `call_${n}_${i}`,
      name: c.name,
      arguments: c.arguments,
      status: "completed",
    });
  });
  reply.mcpApprovals?.forEach((c, i) => {
    items.push({
      type: "mcp_approval_request",
      id: `mcpr_${n}_${i}`,
      name: c.name,
      arguments: c.arguments,
      server_label: c.serverLabel,
    });
  });
  return items;
}

function responseObject(reply: FakeReply, n: number, model: string, status = "completed") {
  return {
    id: `resp_${n}`,
    object: "response",
    created_at: 1_700_000_000,
    model,
    status,
    output: status === "completed" ? responseItems(reply, n) : [],
    parallel_tool_calls: true,
    tool_choice: "auto",
    tools: [],
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    temperature: 1,
    top_p: 1,
    text: { format: { type: "text" } },
    usage: {
      input_tokens: 5,
      output_tokens: 5,
      total_tokens: 10,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

function responseEvents(reply: FakeReply, n: number, model: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [
    { type: "response.created", response: responseObject(reply, n, model, "in_progress") },
  ];
  responseItems(reply, n).forEach((item, index) => {
    if (item.type === "message") {
      const text = (item.content as { text: string }[])[0]!.text;
      events.push({
        type: "response.output_item.added",
        output_index: index,
        item: { ...item, status: "in_progress", content: [] },
      });
      const part = { type: "output_text", text: "", annotations: [], logprobs: [] };
      events.push({
        type: "response.content_part.added",
        output_index: index,
        item_id: item.id,
        content_index: 0,
        part,
      });
      for (const delta of split(text, 4)) {
        events.push({
          type: "response.output_text.delta",
          output_index: index,
          item_id: item.id,
          content_index: 0,
          delta,
          logprobs: [],
        });
      }
      events.push({
        type: "response.output_text.done",
        output_index: index,
        item_id: item.id,
        content_index: 0,
        text,
        logprobs: [],
      });
      events.push({
        type: "response.content_part.done",
        output_index: index,
        item_id: item.id,
        content_index: 0,
        part: { ...part, text },
      });
    } else if (item.type === "function_call") {
      events.push({
        type: "response.output_item.added",
        output_index: index,
        item: { ...item, arguments: "", status: "in_progress" },
      });
      for (const delta of split(String(item.arguments), 6)) {
        events.push({
          type: "response.function_call_arguments.delta",
          output_index: index,
          item_id: item.id,
          delta,
        });
      }
      events.push({
        type: "response.function_call_arguments.done",
        output_index: index,
        item_id: item.id,
        name: item.name,
        arguments: item.arguments,
      });
    } else {
      events.push({ type: "response.output_item.added", output_index: index, item });
    }
    events.push({ type: "response.output_item.done", output_index: index, item });
  });
  events.push({ type: "response.completed", response: responseObject(reply, n, model) });
  return events.map((event, sequence_number) => ({ ...event, sequence_number }));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function sse(res: ServerResponse, events: unknown[], named: boolean, done: boolean) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const event of events) {
    const name = named ? `event: ${(event as { type: string }).type}\n` : "";
    res.write(`${name}data: ${JSON.stringify(event)}\n\n`);
  }
  if (done) res.write("data: [DONE]\n\n");
  res.end();
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const requests: FakeRequest[] = [];
  let n = 0;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const body = await readJson(req);
    requests.push({ method: req.method ?? "", path, headers: req.headers, body });
    const items = /\/conversations\/([^/]+)\/items$/.exec(path);
    if (req.method === "POST" && (path.endsWith("/conversations") || items)) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          items
            ? { object: "list", data: [], first_id: "", last_id: "", has_more: false }
            : { id: "conv_1", object: "conversation", created_at: 1_700_000_000, metadata: {} },
        ),
      );
      return;
    }
    const isChat = path.endsWith("/chat/completions");
    const isResponses = path.endsWith("/responses");
    if (req.method !== "POST" || (!isChat && !isResponses)) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no route ${path}`, type: "invalid_request_error" } }));
      return;
    }
    const reply = queue.shift();
    if (!reply) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake: no scripted reply left", type: "server_error" } }));
      return;
    }
    n += 1;
    const model = String(body.model ?? "gpt-test");
    if (isChat) {
      if (body.stream) sse(res, chatChunks(reply, n, model), false, true);
      else {
        res.writeHead(200, { "content-type": "application/json", "x-request-id": `fake_${n}` });
        res.end(JSON.stringify(chatCompletion(reply, n, model)));
      }
      return;
    }
    if (body.stream) sse(res, responseEvents(reply, n, model), true, false);
    else {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": `fake_${n}` });
      res.end(JSON.stringify(responseObject(reply, n, model)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    origin,
    baseURL: `${origin}/v1`,
    reply: (...replies) => queue.push(...replies),
    requests,
    modelCalls: () => requests.filter((r) => /\/(chat\/completions|responses)$/.test(r.path)),
    close,
    [Symbol.asyncDispose]: close,
  };
}
