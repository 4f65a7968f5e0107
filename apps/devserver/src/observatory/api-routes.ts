import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson, sendProblem } from "../http/respond.js";
import { facets, parseBucket, summarize, timeseries } from "./aggregates.js";
import type { ObservatoryEvent } from "./event.js";
import { type EventFilter, matches, parseFilter, QueryError } from "./event-filter.js";
import type { EventStore } from "./event-store.js";
import type { LiveFeed } from "./live-feed.js";
import type { PolicyCatalog } from "./policy-catalog.js";
import { agents, goLive, sessions, tools } from "./views.js";

/** Default page size of `GET /observatory/api/events`. */
export const DEFAULT_EVENTS_LIMIT = 100;
/** Largest page size of `GET /observatory/api/events`. */
export const MAX_EVENTS_LIMIT = 1000;

/** What the API routes read. */
export interface ApiContext {
  store: EventStore;
  catalog: PolicyCatalog;
  feed: LiveFeed;
  /** Settings shown at `GET /observatory/api/config`. */
  config: Record<string, unknown>;
}

function limitOf(params: URLSearchParams): number {
  const raw = params.get("limit");
  if (raw === null) return DEFAULT_EVENTS_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_EVENTS_LIMIT)
    throw new QueryError(`limit must be an integer between 1 and ${MAX_EVENTS_LIMIT}`);
  return n;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new QueryError("the path is not valid percent-encoding");
  }
}

function select(store: EventStore, filter: EventFilter): ObservatoryEvent[] {
  return store.all().filter((e) => matches(e, filter));
}

/** `GET /observatory/api/events`: newest first, `before=<seq>` pages back. */
function listEvents(store: EventStore, params: URLSearchParams, filter: EventFilter) {
  const limit = limitOf(params);
  const beforeRaw = params.get("before");
  const before = beforeRaw === null ? Number.POSITIVE_INFINITY : Number(beforeRaw);
  if (!Number.isFinite(before) && beforeRaw !== null)
    throw new QueryError("before must be a sequence number");
  const all = select(store, filter).reverse();
  const page = all.filter((e) => e.seq < before).slice(0, limit);
  const last = page.at(-1);
  const more = last !== undefined && all.some((e) => e.seq < last.seq);
  return { total: all.length, events: page, ...(more ? { next_before: last.seq } : {}) };
}

/**
 * Answers `GET /observatory/api/…` (and `POST /observatory/api/playground` elsewhere). Returns false for paths
 * it does not own.
 */
export function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  params: URLSearchParams,
): boolean {
  const route = path.slice("/observatory/api".length) || "/";
  try {
    if (route === "/feed") {
      const last = req.headers["last-event-id"];
      ctx.feed.open(res, typeof last === "string" ? last : (params.get("last_event_id") ?? undefined));
      return true;
    }
    if (route === "/config") {
      sendJson(res, 200, { ...ctx.config, events_held: ctx.store.size, last_seq: ctx.store.lastSeq });
      return true;
    }
    if (route === "/policies") {
      sendJson(res, 200, { policies: ctx.catalog.policies });
      return true;
    }
    const eventMatch = /^\/events\/([^/]+)$/.exec(route);
    if (eventMatch) {
      const event = ctx.store.get(decodeSegment(eventMatch[1]!));
      if (!event)
        sendProblem(res, 404, "not_found", "no such event (it may have been dropped from the store)");
      else sendJson(res, 200, event);
      return true;
    }
    const sessionMatch = /^\/sessions\/([^/]+)$/.exec(route);
    const filter = parseFilter(params);
    if (sessionMatch) {
      const id = decodeSegment(sessionMatch[1]!);
      const timeline = select(ctx.store, { ...filter, session: [id] });
      if (timeline.length === 0) {
        sendProblem(res, 404, "not_found", "no events recorded for this session");
        return true;
      }
      sendJson(res, 200, { session: sessions(timeline)[0], timeline });
      return true;
    }
    switch (route) {
      case "/events":
        sendJson(res, 200, listEvents(ctx.store, params, filter));
        return true;
      case "/summary":
        sendJson(res, 200, summarize(select(ctx.store, filter)));
        return true;
      case "/timeseries":
        sendJson(
          res,
          200,
          timeseries(select(ctx.store, filter), parseBucket(params.get("bucket")), {
            ...(filter.fromMs !== undefined ? { fromMs: filter.fromMs } : {}),
            ...(filter.toMs !== undefined ? { toMs: filter.toMs } : {}),
          }),
        );
        return true;
      case "/facets":
        sendJson(res, 200, facets(select(ctx.store, filter)));
        return true;
      case "/go-live":
        sendJson(res, 200, goLive(select(ctx.store, filter), ctx.catalog));
        return true;
      case "/sessions": {
        const list = sessions(select(ctx.store, filter));
        sendJson(res, 200, { total: list.length, sessions: list.slice(0, limitOf(params)) });
        return true;
      }
      case "/tools":
        sendJson(res, 200, { tools: tools(select(ctx.store, filter)) });
        return true;
      case "/agents":
        sendJson(res, 200, { agents: agents(select(ctx.store, filter)) });
        return true;
      default:
        return false;
    }
  } catch (err) {
    if (err instanceof QueryError) {
      sendProblem(res, 400, "invalid_query", err.message);
      return true;
    }
    throw err;
  }
}
