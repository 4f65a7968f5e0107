import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.js";

/** Version of the state-file envelope. */
export const STATE_FILE_VERSION = 1;

/** Raised when a state file exists but cannot be used. */
export class StateFileError extends Error {
  override readonly name = "StateFileError";
}

/** Reads the ZeroID state from a state file; `undefined` when the file does not exist (or is empty). */
export async function loadStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(`cannot read state file ${path}: ${(err as Error).message}`);
  }
  if (text.trim() === "") return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(
      `state file ${path} is corrupt (not valid JSON: ${(err as Error).message}); fix or delete it to start fresh`,
    );
  }
  if (
    doc === null ||
    typeof doc !== "object" ||
    (doc as { version?: unknown }).version !== STATE_FILE_VERSION
  ) {
    throw new StateFileError(
      `state file ${path} is not a highflame-dev state file (expected {"version": ${STATE_FILE_VERSION}, ...}); fix or delete it`,
    );
  }
  return (doc as { zeroid?: unknown }).zeroid;
}

/** Debounced, serialised, atomic persistence of a state snapshot. */
export interface StatePersister {
  /** Schedules a write of the current snapshot. */
  schedule(): void;
  /** True while a change is scheduled but not yet written. */
  readonly dirty: boolean;
  /** Writes any pending snapshot now and waits for in-flight writes. */
  flush(): Promise<void>;
}

/**
 * Creates a persister that writes `{version, saved_at, zeroid: snapshot()}` to `path`.
 *
 * @param debounceMs - Quiet period before writing. Default 25 ms.
 * @param onError - Called when a write fails. Default: ignore.
 */
export function createStatePersister(
  path: string,
  snapshot: () => unknown,
  debounceMs = 25,
  onError: (err: unknown) => void = () => {},
): StatePersister {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    // Runs in a timer: a snapshot that cannot be taken or serialised is reported, never thrown, so the process
    // stays up and the last good file stays on disk (the next change tries again).
    let doc: string;
    try {
      doc = JSON.stringify({
        version: STATE_FILE_VERSION,
        saved_at: new Date().toISOString(),
        zeroid: snapshot(),
      });
    } catch (err) {
      onError(err);
      return writing;
    }
    writing = writing.then(() => writeFileAtomic(path, doc)).catch(onError);
    return writing;
  };
  return {
    get dirty() {
      return dirty;
    },
    schedule() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void write(), debounceMs);
      timer.unref();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
      await writing;
    },
  };
}
