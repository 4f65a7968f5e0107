import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyTooLargeError, readBody } from "../http/body.js";
import { sendJson, sendProblem } from "../http/respond.js";
import type { LoadedPolicy } from "../shield/policy-engine.js";
import { handleApi } from "./api-routes.js";
import type { ShieldEvaluation } from "./evaluation.js";
import type { ObservatoryEvent } from "./event.js";
import { QueryError } from "./event-filter.js";
import { DEFAULT_MAX_EVENTS, EventStore } from "./event-store.js";
import { DEFAULT_MAX_FEED_CLIENTS, LiveFeed } from "./live-feed.js";
import { loadObservatoryFile, observatoryFileFor, persistStore } from "./persistence.js";
import { Playground } from "./playground.js";
import { PolicyCatalog } from "./policy-catalog.js";
import { buildEvent, type RecordingOptions } from "./recorder.js";
import { defaultUiDir, serveUiFile } from "./static-files.js";

/** Default longest content kept per event, in characters. */
export const DEFAULT_CONTENT_MAX_CHARS = 512;
/** Largest playground request body, bytes. */
export const PLAYGROUND_BODY_LIMIT_BYTES = 64 * 1024;

/** Options of the observatory (`DevServerOptions.observatory`). */
export interface ObservatoryOptions {
  /** Port of the observatory's own listener. Default 0 (ephemeral; the CLI defaults to 8900). */
  port?: number;
  /** Interface to bind. Default `"127.0.0.1"` (loopback, whatever the API's `host`). */
  host?: string;
  /** Events kept (the oldest is dropped first), 1..1,000,000. Default 5000. */
  maxEvents?: number;
  /** `"redacted"`: keep content with secrets and PII masked and cut to `contentMaxChars`; `"off"`: keep no content. Default `"redacted"`. */
  content?: "redacted" | "off";
  /** Longest content kept, in characters (1..10,000). Default 512. */
  contentMaxChars?: number;
  /** Metadata key whose string value labels an event (`benign`, `attack`, …). Default `"label"`. */
  labelKey?: string;
  /** Most concurrent live-feed subscribers. Default 16. */
  maxFeedClients?: number;
  /** Folder of the built page. Default: `dist/observatory-ui` of this package. */
  uiDir?: string;
}

/** What the dev server hands the observatory. */
export interface ObservatoryDeps {
  /** The loaded Shield policies (for the go-live view and the playground). */
  policies: readonly LoadedPolicy[];
  /** Tenant the playground evaluates for. */
  tenant: { accountId: string; projectId: string };
  /** The `--state` file; the observatory keeps its events in `<stateFile>.observatory.json`. Default: memory only. */
  stateFile?: string;
  /** Server log. Default: silent. */
  log?: (line: string) => void;
}

/** A running observatory. */
export interface Observatory {
  /** URL of the page, e.g. `http://127.0.0.1:8900/observatory/`. */
  readonly url: string;
  /** Records one Shield evaluation (never throws: a failure is logged). */
  record(evaluation: ShieldEvaluation): void;
  /** The events held, oldest first. */
  events(): ObservatoryEvent[];
  /** Closes the listener and the feed, and writes the file when persisting. */
  close(): Promise<void>;
}

function checkedOptions(o: ObservatoryOptions): RecordingOptions & { maxEvents: number } {
  const contentMaxChars = o.contentMaxChars ?? DEFAULT_CONTENT_MAX_CHARS;
  if (!Number.isInteger(contentMaxChars) || contentMaxChars < 1 || contentMaxChars > 10_000)
    throw new RangeError(`observatory contentMaxChars must be an integer between 1 and 10000`);
  if (o.content !== undefined && o.content !== "redacted" && o.content !== "off")
    throw new RangeError(`observatory content must be "redacted" or "off"`);
  const labelKey = o.labelKey ?? "label";
  if (labelKey === "" || labelKey.length > 64)
    throw new RangeError("observatory labelKey must be 1..64 characters");
  return {
    content: o.content ?? "redacted",
    contentMaxChars,
    labelKey,
    maxEvents: o.maxEvents ?? DEFAULT_MAX_EVENTS,
  };
}

/** Host headers accepted (a page on another origin cannot reach the observatory through DNS rebinding). */
function allowedHosts(host: string, port: number): Set<string> | undefined {
  if (host === "0.0.0.0" || host === "::") return undefined;
  const names = new Set([host, "localhost", "127.0.0.1", "[::1]", host.includes(":") ? `[${host}]` : host]);
  return new Set([...names].map((n) => `${n}:${port}`));
}

/** Starts the observatory on its own port (the page under `/observatory/`, the API under `/observatory/api/`). */
export async function startObservatory(
  options: ObservatoryOptions,
  deps: ObservatoryDeps,
): Promise<Observatory> {
  const log = deps.log ?? (() => {});
  const recording = checkedOptions(options);
  const store = new EventStore(recording.maxEvents);
  const catalog = new PolicyCatalog(deps.policies);
  const feed = new LiveFeed(store, options.maxFeedClients ?? DEFAULT_MAX_FEED_CLIENTS);
  const playground = new Playground(deps.policies);
  const uiDir = options.uiDir ?? defaultUiDir();
  const file = deps.stateFile ? observatoryFileFor(deps.stateFile) : undefined;
  if (file) {
    const saved = await loadObservatoryFile(file);
    if (saved) {
      if (saved.dropped > 0) log(`observatory: dropped ${saved.dropped} unreadable event(s) from ${file}`);
      // Switched off now: content kept by an earlier run is not kept either.
      if (recording.content === "off")
        for (const e of saved.events) {
          delete e.content;
          delete e.content_truncated;
        }
      store.restore(saved);
    }
  }
  const persister = file
    ? persistStore(store, file, (err) => log(`observatory: write failed: ${(err as Error).message}`))
    : undefined;
  const host = options.host ?? "127.0.0.1";
  let hosts: Set<string> | undefined;
  const config = {
    content: recording.content,
    content_max_chars: recording.contentMaxChars,
    label_key: recording.labelKey,
    max_events: recording.maxEvents,
    persisted_to: file ?? null,
  };

  async function runPlayground(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
      sendProblem(res, 415, "unsupported_media_type", "the playground takes application/json");
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, PLAYGROUND_BODY_LIMIT_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        sendProblem(
          res,
          413,
          "payload_too_large",
          `request body exceeds ${PLAYGROUND_BODY_LIMIT_BYTES} bytes`,
        );
        return;
      }
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      sendProblem(res, 400, "invalid_request", "body is not valid JSON");
      return;
    }
    try {
      const evaluation = playground.run(body, deps.tenant, randomUUID());
      const event = store.add(buildEvent(evaluation, catalog, recording, "playground"));
      sendJson(res, 200, { event_id: event.id, event, response: evaluation.response });
    } catch (err) {
      if (err instanceof QueryError) sendProblem(res, 400, "invalid_request", err.message);
      else throw err;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (hosts && !hosts.has((req.headers.host ?? "").toLowerCase())) {
      sendProblem(res, 421, "misdirected_request", "unexpected Host header");
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    if (path === "/" || path === "/observatory") {
      res.writeHead(302, { location: "/observatory/", "content-length": 0 });
      res.end();
      return;
    }
    if (path === "/observatory/api/playground") {
      if (method !== "POST")
        sendProblem(res, 405, "method_not_allowed", `${method} is not allowed`, {
          headers: { allow: "POST" },
        });
      else await runPlayground(req, res);
      return;
    }
    if (path.startsWith("/observatory/api/") || path === "/observatory/api") {
      if (method !== "GET") {
        sendProblem(res, 405, "method_not_allowed", `${method} is not allowed`, {
          headers: { allow: "GET" },
        });
        return;
      }
      if (!handleApi({ store, catalog, feed, config }, req, res, path, url.searchParams))
        sendProblem(res, 404, "not_found", `no observatory route ${path}`);
      return;
    }
    if (path.startsWith("/observatory/") && (method === "GET" || method === "HEAD")) {
      const relative = path.slice("/observatory/".length);
      if (await serveUiFile(res, uiDir, relative)) return;
      if (relative === "" || relative === "index.html") {
        sendProblem(
          res,
          503,
          "page_not_built",
          `the observatory page is not built (no ${uiDir}/index.html); run the build`,
        );
        return;
      }
    }
    sendProblem(res, 404, "not_found", `no route for ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`observatory: error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendProblem(res, 500, "internal_error", "unexpected observatory error");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  hosts = allowedHosts(host, address.port);
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}/observatory/`;
  log(`observatory on ${url}`);
  let closing: Promise<void> | undefined;
  return {
    url,
    record(evaluation) {
      try {
        store.add(buildEvent(evaluation, catalog, recording));
      } catch (err) {
        log(`observatory: could not record an evaluation: ${(err as Error).message}`);
      }
    },
    events: () => store.all(),
    close() {
      closing ??= (async () => {
        feed.closeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await persister?.flush();
        persister?.stop();
      })();
      return closing;
    },
  };
}
