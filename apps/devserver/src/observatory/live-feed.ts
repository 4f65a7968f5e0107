import type { ServerResponse } from "node:http";
import type { ObservatoryEvent } from "./event.js";
import type { EventStore } from "./event-store.js";

/** Default most concurrent feed subscribers. */
export const DEFAULT_MAX_FEED_CLIENTS = 16;
/** A subscriber whose unsent output passes this many bytes is disconnected (it reconnects with Last-Event-ID). */
export const FEED_BUFFER_LIMIT_BYTES = 1024 * 1024;
/** Interval of the keep-alive comment, ms. */
export const FEED_HEARTBEAT_MS = 15_000;
/** Most events replayed after `Last-Event-ID`. */
export const FEED_REPLAY_LIMIT = 500;

function frame(event: ObservatoryEvent): string {
  return `id: ${event.seq}\nevent: evaluation\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The SSE live feed (`GET /observatory/api/feed`): an `evaluation` event per recorded evaluation, `id` = the
 * event's `seq`; with `Last-Event-ID`, the missed events still held are sent first (at most 500).
 */
export class LiveFeed {
  readonly #clients = new Set<ServerResponse>();

  constructor(
    private readonly store: EventStore,
    private readonly maxClients = DEFAULT_MAX_FEED_CLIENTS,
  ) {}

  /** Number of connected subscribers. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Serves one subscriber; answers 503 when {@link maxClients} are connected. */
  open(res: ServerResponse, lastEventId: string | undefined): void {
    if (this.#clients.size >= this.maxClients) {
      const body = JSON.stringify({ title: "too_many_subscribers", status: 503, detail: "feed is full" });
      res.writeHead(503, { "content-type": "application/problem+json", "retry-after": "5" });
      res.end(body);
      return;
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ last_seq: this.store.lastSeq })}\n\n`);
    const since = lastEventId && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
    if (since !== undefined) {
      for (const e of this.store
        .all()
        .filter((x) => x.seq > since)
        .slice(-FEED_REPLAY_LIMIT))
        res.write(frame(e));
    }
    this.#clients.add(res);
    const send = (event: ObservatoryEvent) => {
      if (res.writableLength > FEED_BUFFER_LIMIT_BYTES) {
        res.destroy();
        return;
      }
      res.write(frame(event));
    };
    const unsubscribe = this.store.subscribe(send);
    const heartbeat = setInterval(() => res.write(": ping\n\n"), FEED_HEARTBEAT_MS);
    heartbeat.unref();
    res.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.#clients.delete(res);
    });
  }

  /** Ends every subscriber. */
  closeAll(): void {
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}
