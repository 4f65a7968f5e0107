import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  createFaultController,
  createFaultRoutes,
  type FaultConfig,
  type FaultController,
} from "./faults/index.js";
import { BodyTooLargeError, DEFAULT_BODY_LIMIT_BYTES, readBody } from "./http/body.js";
import { clientErrorResponse, rawProblem } from "./http/client-error.js";
import type { RequestContext, RouteHandler } from "./http/context.js";
import { sendProblem } from "./http/respond.js";
import { type Observatory, type ObservatoryOptions, startObservatory } from "./observatory/index.js";
import { createShieldService, type SseVocabulary } from "./shield/index.js";
import { createStatePersister, endAfterPersist, loadStateFile, type StatePersister } from "./state/index.js";
import { createZeroIDService, type ZeroIDService } from "./zeroid/index.js";

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** TCP port. Default 0 (an ephemeral port; the CLI defaults to 8899). */
  port?: number;
  /** Interface to bind. Default `"127.0.0.1"`. */
  host?: string;
  /** Cedar policy file replacing the default Shield policies. Default: the built-in set. */
  policiesFile?: string;
  /** Cedar policy text (takes precedence over `policiesFile`). Default: none. */
  policies?: string;
  /** Start even when the policies contain no `forbid` policy (everything is allowed). Default `false`. */
  allowNoPolicies?: boolean;
  /**
   * JSON state file: loaded at start, rewritten atomically on every ZeroID change; a change is on disk before
   * its response is sent. Default: memory only.
   */
  stateFile?: string;
  /** Service key seeded for the default tenant. Default: generated (or restored from the state file). */
  apiKey?: string;
  /** Key protecting the ZeroID admin API and `/_dev/faults`. Default: unprotected. */
  adminKey?: string;
  /** ZeroID admin path prefix. Default `"/api/v1"`. */
  adminPathPrefix?: string;
  /** Default Shield SSE vocabulary. Default `"docs"`. */
  sseVocabulary?: SseVocabulary;
  /** Faults active from the start. Default none. */
  faults?: FaultConfig;
  /** Request body limit in bytes. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Receives one line per request and server event (never bodies or headers). Default: silent. */
  log?: (line: string) => void;
  /** Starts the observatory (recording of every Shield evaluation, page and API on its own port). Default: off. */
  observatory?: ObservatoryOptions;
}

/** A running dev server. */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:8899`. */
  readonly url: string;
  /** Ready service key of the default tenant. */
  readonly apiKey: string;
  /** Account id of the seeded default tenant (the service key's `account_id`). */
  readonly accountId: string;
  /** Project id of the seeded default tenant (the service key's `project_id`). */
  readonly projectId: string;
  /** Fault injection. */
  readonly faults: FaultController;
  /** The ZeroID half. */
  readonly zeroid: ZeroIDService;
  /** The observatory, when `observatory` was given. */
  readonly observatory: Observatory | undefined;
  /** Stops accepting, closes connections and flushes the state file. */
  close(): Promise<void>;
}

/** Total size of the request line and headers; larger requests are answered 431. */
const MAX_HEADER_BYTES = 16 * 1024;

/** Methods any route answers; others get 501 (RFC 9110 §15.6.2). */
const SUPPORTED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdFor(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Starts the dev server (ZeroID + Shield on one port). Rejects on invalid policies or a corrupt state file. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  let policies = options.policies;
  let policiesSource = "policies";
  if (policies === undefined && options.policiesFile) {
    policies = await readFile(options.policiesFile, "utf8");
    policiesSource = options.policiesFile;
  }
  let zeroid: ZeroIDService | undefined;
  let observatory: Observatory | undefined;
  // Policies first: an invalid policy file fails before anything else is created.
  const shield = createShieldService({
    verifyAccessToken: async (token) => {
      if (!zeroid) throw new Error("ZeroID is not ready");
      return zeroid.verifyAccessToken(token);
    },
    policies,
    policiesSource,
    allowNoPolicies: options.allowNoPolicies,
    sseVocabulary: options.sseVocabulary,
    onEvaluation: (evaluation) => observatory?.record(evaluation),
  });
  const state = options.stateFile ? await loadStateFile(options.stateFile) : undefined;
  let url = "";
  let persister: StatePersister | undefined;
  const zid = await createZeroIDService({
    issuer: () => url,
    adminPathPrefix: options.adminPathPrefix,
    adminKey: options.adminKey,
    serviceKey: options.apiKey,
    state,
    onChange: () => persister?.schedule(),
  });
  zeroid = zid;
  if (options.stateFile) {
    persister = createStatePersister(
      options.stateFile,
      () => zid.exportState(),
      25,
      (err) => log(`state: write failed: ${(err as Error).message}`),
    );
    persister.schedule();
  }
  if (options.observatory) {
    observatory = await startObservatory(options.observatory, {
      policies: shield.policies,
      tenant: { accountId: zid.defaultTenant.account_id, projectId: zid.defaultTenant.project_id },
      stateFile: options.stateFile,
      log,
    });
  }
  const faults = createFaultController(options.faults);
  const handlers: RouteHandler[] = [createFaultRoutes(faults, options.adminKey), shield, zid];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = requestIdFor(req);
    res.setHeader("x-request-id", requestId);
    res.on("finish", () =>
      log(`${req.method} ${req.url?.split("?")[0]} ${res.statusCode} ${Date.now() - started}ms`),
    );
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(req.url ?? "/", "http://localhost");
    } catch {
      sendProblem(res, 400, "invalid_request", "request target is not a valid URL");
      return;
    }
    const fault = faults.decide(parsedUrl.pathname);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault.kind === "error") {
      const headers: Record<string, string> = {};
      if (fault.status === 429 || fault.status === 503)
        headers["retry-after"] = String(fault.retryAfterSeconds);
      sendProblem(
        res,
        fault.status,
        fault.status === 429 ? "rate_limit_exceeded" : "injected_fault",
        "fault injected by highflame-dev",
        {
          headers,
        },
      );
      return;
    }
    if (!SUPPORTED_METHODS.has(req.method ?? "")) {
      sendProblem(res, 501, "not_implemented", `method ${req.method} is not supported by this server`, {
        headers: { allow: [...SUPPORTED_METHODS].join(", ") },
      });
      return;
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, bodyLimit);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        // The body was read to its end (or to the drain bound), so the client is listening when the 413 arrives.
        sendProblem(res, 413, "payload_too_large", `request body exceeds ${bodyLimit} bytes`, {
          headers: { connection: "close" },
        });
        return;
      }
      // The client went away mid-body: there is no one to answer.
      req.socket.destroy();
      return;
    }
    // With a state file, a change is on disk before its response is (see endAfterPersist).
    if (persister) endAfterPersist(res, persister);
    const ctx: RequestContext = {
      req,
      res,
      method: (req.method ?? "GET").toUpperCase(),
      url: parsedUrl,
      rawBody,
      header: (name) => header(req, name),
      requestId,
    };
    for (const handler of handlers) {
      if (await handler.handle(ctx)) return;
    }
    sendProblem(res, 404, "not_found", `no route for ${ctx.method} ${parsedUrl.pathname}`);
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendProblem(res, 500, "internal_error", "unexpected server error");
      else res.destroy();
    });
  });
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    const answer = clientErrorResponse(err.code, MAX_HEADER_BYTES);
    if (answer && socket.writable) socket.end(rawProblem(answer.status, answer.title, answer.detail));
    else socket.destroy();
  });
  // CONNECT never reaches the request handler: node hands over the raw socket. This server is no proxy.
  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    // The socket is ours now, without node's error listener: a reset must not become an uncaught error.
    socket.on("error", () => socket.destroy());
    log(`CONNECT ${req.url} 501`);
    socket.end(rawProblem(501, "not_implemented", "CONNECT is not supported: this server is not a proxy"));
  });
  // `Expect: 100-continue` with a declared body over the limit: refuse before the client sends it.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers["content-length"] ?? "0") > bodyLimit) {
      res.setHeader("x-request-id", requestIdFor(req));
      sendProblem(res, 413, "payload_too_large", `request body exceeds ${bodyLimit} bytes`, {
        headers: { connection: "close" },
      });
      return;
    }
    res.writeContinue();
    server.emit("request", req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await observatory?.close();
    throw err;
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${urlHost}:${address.port}`;
  log(`listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    apiKey: zid.serviceKey,
    accountId: zid.defaultTenant.account_id,
    projectId: zid.defaultTenant.project_id,
    faults,
    zeroid: zid,
    observatory,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await persister?.flush();
        await observatory?.close();
      })();
      return closing;
    },
  };
}
