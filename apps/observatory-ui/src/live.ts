import { useEffect, useState } from "preact/hooks";

/** Feed status shown in the header. */
export type LiveStatus = "connecting" | "live" | "reconnecting";

/**
 * Subscribes to the live feed (`api/feed`); `version` increases (at most every 300 ms) when new evaluations
 * arrive, so views refetch. EventSource reconnects by itself, with Last-Event-ID.
 */
export function useLive(): { status: LiveStatus; version: number; lastSeq: number } {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [version, setVersion] = useState(0);
  const [lastSeq, setLastSeq] = useState(0);
  useEffect(() => {
    const source = new EventSource("api/feed");
    let timer: number | undefined;
    source.addEventListener("open", () => setStatus("live"));
    source.addEventListener("error", () => setStatus("reconnecting"));
    source.addEventListener("evaluation", (e) => {
      setLastSeq(Number((e as MessageEvent).lastEventId) || 0);
      if (timer === undefined)
        timer = window.setTimeout(() => {
          timer = undefined;
          setVersion((v) => v + 1);
        }, 300);
    });
    return () => {
      source.close();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return { status, version, lastSeq };
}

/** Fetches with `load` whenever `deps` change; keeps the last good value while reloading. */
export function useData<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | undefined; error: string | undefined } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let stale = false;
    load().then(
      (value) => {
        if (stale) return;
        setData(value);
        setError(undefined);
      },
      (err: unknown) => {
        if (!stale) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      stale = true;
    };
  }, deps);
  return { data, error };
}
