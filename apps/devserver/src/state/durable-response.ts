import type { ServerResponse } from "node:http";
import type { StatePersister } from "./state-file.js";

/**
 * Holds back the end of `res` while a state change is pending, until the persister has written it: a client
 * that sees a 2xx for a change can rely on it surviving a crash of the server right after. Responses that
 * changed nothing are not delayed (unless another request's change is pending at that moment). A failed
 * write is reported by the persister and the response is sent anyway.
 */
export function endAfterPersist(res: ServerResponse, persister: StatePersister): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (!persister.dirty) return end(...args);
    persister.flush().then(
      () => end(...args),
      () => end(...args),
    );
    return res;
  }) as ServerResponse["end"];
}
