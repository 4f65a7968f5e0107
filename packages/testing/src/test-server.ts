import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { readBody, recordRequest } from "./record-request.js";
import { RouteTable } from "./route-table.js";
import { isGone, sendScripted } from "./send-response.js";
import type { RecordedRequest, Responder, ScriptedResponse, TestServer, TestServerOptions } from "./types.js";

const NOT_FOUND: ScriptedResponse = { status: 404, body: { error: "not_found" } };

/**
 * Start a real `node:http` server on an OS-chosen port (port 0) with scripted routes.
 *
 * @example
 * ```ts
 * await using server = await startTestServer();
 * server.route("POST", "/v1/items", { status: 503 }, { status: 201, body: { id: "it_1" } });
 * ```
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = new HttpTestServer(options);
  await server.listen(options.host ?? "127.0.0.1");
  return server;
}

/** Implementation of {@link TestServer}. @internal */
class HttpTestServer implements TestServer {
  readonly requests: RecordedRequest[] = [];
  readonly errors: unknown[] = [];
  readonly #routes = new RouteTable();
  readonly #sockets = new Set<Socket>();
  readonly #connectionIds = new WeakMap<Socket, number>();
  readonly #closing = new AbortController();
  readonly #server: Server;
  #fallback: ScriptedResponse | Responder = NOT_FOUND;
  #connections = 0;
  #url = "";
  #port = 0;
  #closed: Promise<void> | undefined;

  constructor(options: TestServerOptions) {
    if (options.routes) this.#routes.setAll(options.routes);
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => this.#fail(res, error));
    });
    this.#server.on("connection", (socket: Socket) => {
      this.#connections += 1;
      this.#sockets.add(socket);
      this.#connectionIds.set(socket, this.#connections);
      socket.once("close", () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    return this.#url;
  }

  get port(): number {
    return this.#port;
  }

  get connectionCount(): number {
    return this.#connections;
  }

  /** Bind to `host` on port 0 and fill in `url` / `port`. */
  listen(host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, host, () => {
        this.#server.off("error", reject);
        const address = this.#server.address() as AddressInfo;
        this.#port = address.port;
        const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
        this.#url = `http://${hostPart}:${address.port}`;
        resolve();
      });
    });
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    const wanted = method.toUpperCase();
    return this.requests.filter(
      (req) => (wanted === "*" || req.method.toUpperCase() === wanted) && req.path === path,
    );
  }

  route(method: string, path: string, ...responses: Array<ScriptedResponse | Responder>): this {
    this.#routes.set(method, path, responses);
    return this;
  }

  fallback(responder: ScriptedResponse | Responder): this {
    this.#fallback = responder;
    return this;
  }

  close(): Promise<void> {
    this.#closed ??= new Promise((resolve) => {
      this.#closing.abort();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
      for (const socket of this.#sockets) socket.destroy();
    });
    return this.#closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      return; // The client went away mid-body; there is nobody to answer.
    }
    const recorded = recordRequest(req, raw, receivedAt);
    const { step, attempt } = this.#routes.take(recorded.method, recorded.path);
    recorded.attempt = attempt;
    recorded.connection = this.#connectionIds.get(req.socket) ?? 0;
    this.requests.push(recorded);
    const chosen = step ?? this.#fallback;
    const scripted = typeof chosen === "function" ? await chosen(recorded, res) : chosen;
    if (scripted && !isGone(res)) await sendScripted(res, scripted, this.#closing.signal);
  }

  /** Record a responder failure and answer 500 (or drop the connection if the response already started). */
  #fail(res: ServerResponse, error: unknown): void {
    this.errors.push(error);
    if (isGone(res)) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const body = JSON.stringify({ error: "responder_error", message });
    res.writeHead(500, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  }
}
