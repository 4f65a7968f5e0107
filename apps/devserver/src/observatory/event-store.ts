import type { ObservatoryEvent } from "./event.js";

/** Default number of events kept. */
export const DEFAULT_MAX_EVENTS = 5000;
/** Largest accepted store size. */
export const MAX_MAX_EVENTS = 1_000_000;

/** A persisted store (`{next_seq, events}`). */
export interface EventStoreSnapshot {
  next_seq: number;
  events: ObservatoryEvent[];
}

/**
 * The bounded event store: a ring of the newest `maxEvents` events (the oldest is dropped first), with
 * listeners told about every new event.
 */
export class EventStore {
  readonly maxEvents: number;
  #ring: (ObservatoryEvent | undefined)[];
  #start = 0;
  #size = 0;
  #nextSeq = 1;
  readonly #listeners = new Set<(event: ObservatoryEvent) => void>();

  constructor(maxEvents = DEFAULT_MAX_EVENTS) {
    if (!Number.isInteger(maxEvents) || maxEvents < 1 || maxEvents > MAX_MAX_EVENTS)
      throw new RangeError(`maxEvents must be an integer between 1 and ${MAX_MAX_EVENTS}, got ${maxEvents}`);
    this.maxEvents = maxEvents;
    this.#ring = new Array(maxEvents);
  }

  /** Number of events held. */
  get size(): number {
    return this.#size;
  }

  /** Sequence number of the newest event (0 when empty). */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  /** Stores an event, assigning `id` and `seq`; drops the oldest when full. */
  add(partial: Omit<ObservatoryEvent, "id" | "seq">): ObservatoryEvent {
    const seq = this.#nextSeq++;
    const event = { id: `ev_${seq}`, seq, ...partial } as ObservatoryEvent;
    this.#push(event);
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  #push(event: ObservatoryEvent): void {
    if (this.#size < this.maxEvents) {
      this.#ring[(this.#start + this.#size) % this.maxEvents] = event;
      this.#size++;
    } else {
      this.#ring[this.#start] = event;
      this.#start = (this.#start + 1) % this.maxEvents;
    }
  }

  /** Every event held, oldest first. */
  all(): ObservatoryEvent[] {
    const out: ObservatoryEvent[] = new Array(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#ring[(this.#start + i) % this.maxEvents]!;
    return out;
  }

  /** The event with this id, if still held. */
  get(id: string): ObservatoryEvent | undefined {
    const seq = /^ev_(\d+)$/.exec(id)?.[1];
    if (!seq) return undefined;
    const n = Number(seq);
    const oldest = this.#size > 0 ? this.#ring[this.#start]!.seq : 0;
    // Sequence numbers are consecutive within the ring.
    const idx = n - oldest;
    if (this.#size === 0 || idx < 0 || idx >= this.#size) return undefined;
    const event = this.#ring[(this.#start + idx) % this.maxEvents];
    return event?.seq === n ? event : this.all().find((e) => e.seq === n);
  }

  /** Calls `listener` for every new event; returns the unsubscribe function. */
  subscribe(listener: (event: ObservatoryEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The store as persisted. */
  snapshot(): EventStoreSnapshot {
    return { next_seq: this.#nextSeq, events: this.all() };
  }

  /** Replaces the contents with a snapshot (keeps its newest `maxEvents` events). */
  restore(snapshot: EventStoreSnapshot): void {
    this.#ring = new Array(this.maxEvents);
    this.#start = 0;
    this.#size = 0;
    const events = [...snapshot.events].sort((a, b) => a.seq - b.seq).slice(-this.maxEvents);
    for (const e of events) this.#push(e);
    this.#nextSeq = Math.max(snapshot.next_seq, (events.at(-1)?.seq ?? 0) + 1);
  }
}
