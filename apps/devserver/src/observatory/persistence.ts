import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "../state/index.js";
import type { ObservatoryEvent } from "./event.js";
import type { EventStore, EventStoreSnapshot } from "./event-store.js";

/** Version of the observatory file. */
export const OBSERVATORY_FILE_VERSION = 1;
/** Quiet period before the observatory file is rewritten, ms. */
export const OBSERVATORY_WRITE_DEBOUNCE_MS = 250;

/** Raised when the observatory file exists but cannot be used. */
export class ObservatoryFileError extends Error {
  override readonly name = "ObservatoryFileError";
}

/** The observatory's file beside the `--state` file: `<state>.observatory.json`. */
export function observatoryFileFor(stateFile: string): string {
  return `${stateFile}.observatory.json`;
}

const str = z.string().max(100_000);
/** A persisted event: the fields every view reads, checked; anything else passes through. */
const PersistedEventSchema = z
  .object({
    id: z.string().regex(/^ev_\d+$/),
    seq: z.number().int().positive(),
    time: z.iso.datetime(),
    source: z.enum(["api", "playground"]),
    endpoint: z.enum(["guard", "stream", "detect"]),
    request_id: str,
    account_id: str,
    project_id: str,
    session_id: str.optional(),
    identity: z.looseObject({ sub: str, delegation_depth: z.number(), agent_name: str.optional() }),
    content_type: str,
    tool_name: str.optional(),
    mode: str,
    decision: str.optional(),
    actual_decision: str.optional(),
    outcome: z.enum(["blocked", "modified", "alerted", "monitored", "allowed", "detected", "clean"]),
    would_block: z.boolean(),
    alerted: z.boolean(),
    determining_policies: z.array(
      z.looseObject({ id: str, decision: str, mode: str, enforced: z.boolean(), category: str }),
    ),
    detectors: z.array(
      z.looseObject({ name: str, score: z.number(), severity: str, category: str, tier: str }),
    ),
    categories: z.array(str),
    latency_ms: z.number(),
    label: str.optional(),
    content: str.optional(),
    explanation: z.looseObject({
      summary: str,
      request_mode: str,
      policies_fired: z.array(str),
      policies_enforced: z.array(str),
      root_causes: z.array(z.looseObject({ policy_id: str, decision: str, description: str })),
    }),
  })
  .loose();

/**
 * Reads a saved store; `undefined` when there is no file. Entries of an unknown shape are dropped (`dropped`
 * counts them).
 */
export async function loadObservatoryFile(
  path: string,
): Promise<(EventStoreSnapshot & { dropped: number }) | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ObservatoryFileError(`cannot read observatory file ${path}: ${(err as Error).message}`);
  }
  if (text.trim() === "") return undefined;
  let doc: { version?: unknown; next_seq?: unknown; events?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ObservatoryFileError(
      `observatory file ${path} is corrupt (not valid JSON: ${(err as Error).message}); fix or delete it`,
    );
  }
  if (!doc || doc.version !== OBSERVATORY_FILE_VERSION || !Array.isArray(doc.events)) {
    throw new ObservatoryFileError(
      `${path} is not an observatory file (expected {"version": ${OBSERVATORY_FILE_VERSION}, "events": [...]}); fix or delete it`,
    );
  }
  const events = doc.events.flatMap((e) => {
    const parsed = PersistedEventSchema.safeParse(e);
    return parsed.success ? [parsed.data as unknown as ObservatoryEvent] : [];
  });
  return {
    next_seq: typeof doc.next_seq === "number" && Number.isSafeInteger(doc.next_seq) ? doc.next_seq : 1,
    events,
    dropped: doc.events.length - events.length,
  };
}

/** Rewrites the file (atomically, debounced) after new events; `flush` writes what is pending. */
export function persistStore(
  store: EventStore,
  path: string,
  onError: (err: unknown) => void,
): { flush(): Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;
  const write = () => {
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    const doc = JSON.stringify({
      version: OBSERVATORY_FILE_VERSION,
      saved_at: new Date().toISOString(),
      ...store.snapshot(),
    });
    writing = writing.then(() => writeFileAtomic(path, doc)).catch(onError);
    return writing;
  };
  const unsubscribe = store.subscribe(() => {
    dirty = true;
    if (!timer) {
      timer = setTimeout(() => void write(), OBSERVATORY_WRITE_DEBOUNCE_MS);
      timer.unref();
    }
  });
  return {
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
    },
    stop() {
      unsubscribe();
    },
  };
}
