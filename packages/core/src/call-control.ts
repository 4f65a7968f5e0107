import type { AttemptSlot } from "./transport/types.js";

/** The loop's view of one call, so a caller's abort reaches the attempt in flight or the backoff. @internal */
export interface CallControl {
  aborted: boolean;
  slot: AttemptSlot | undefined;
  wake: (() => void) | undefined;
}

/** Waits `ms` unless the caller aborts first (then returns at once; the loop checks `call.aborted`). @internal */
export function pause(ms: number, call: CallControl): Promise<void> {
  if (call.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      call.wake = undefined;
      resolve();
    }, ms);
    call.wake = () => {
      clearTimeout(timer);
      call.wake = undefined;
      resolve();
    };
  });
}

/** `Connection error (CODE): detail` from an undici or fetch error (the code may sit on its `cause`). @internal */
export function connectionMessage(cause: unknown): string {
  const err = cause as
    | { message?: string; code?: string; cause?: { code?: string; message?: string } }
    | undefined;
  const code = err?.code ?? err?.cause?.code;
  const detail = err?.cause?.message || err?.message || String(cause);
  return `Connection error${code ? ` (${code})` : ""}: ${detail}`;
}
