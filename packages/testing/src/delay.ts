/**
 * Resolve after `ms` milliseconds (on the next turn of the event loop when `ms` is 0 or less), or as soon as
 * `signal` aborts. Never rejects; callers check their own state afterwards. @internal
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      if (ms > 0) clearTimeout(handle as NodeJS.Timeout);
      else clearImmediate(handle as NodeJS.Immediate);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const handle = ms > 0 ? setTimeout(done, ms) : setImmediate(done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
