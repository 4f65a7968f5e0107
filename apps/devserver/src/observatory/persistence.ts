import { readFile } from "node:fs/promises";
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

function isEvent(e: unknown): e is ObservatoryEvent {
  if (!e || typeof e !== "object") return false;
  const x = e as Partial<ObservatoryEvent>;
  return (
    typeof x.seq === "number" &&
    typeof x.id === "string" &&
    typeof x.time === "string" &&
    typeof x.outcome === "string" &&
    typeof x.mode === "string" &&
    !!x.identity &&
    Array.isArray(x.determining_policies) &&
    Array.isArray(x.detectors) &&
    Array.isArray(x.categories)
  );
}

/** Reads a saved store; `undefined` when there is no file. Entries of an unknown shape are dropped. */
export async function loadObservatoryFile(path: string): Promise<EventStoreSnapshot | undefined> {
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
  return {
    next_seq: typeof doc.next_seq === "number" ? doc.next_seq : 1,
    events: doc.events.filter(isEvent),
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
