import type { Dispatcher } from "undici";
import type { FetchLike } from "../transport.js";

/**
 * Detects test tools that users install globally, so the SDK's calls reach them with no SDK-specific setup
 * (see docs/decisions/0005-transport-redirects-interception.md):
 *
 * - msw (and anything else built on `@mswjs/interceptors`, or any other library that replaces
 *   `globalThis.fetch`): `globalThis.fetch` is no longer the function it was when this module loaded, or the
 *   interceptor's global marker `Symbol.for("fetch-interceptor")` is set. Calls then go through that fetch.
 * - undici's `setGlobalDispatcher(mockAgent)` (or a `ProxyAgent`, or a composed dispatcher): the dispatcher under
 *   undici's global symbol is not the one that was there when this module loaded, or it is not a plain `Agent`.
 *   Calls then go through it.
 */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");
/**
 * undici 8 (bundled by Node 26) keeps its global dispatcher here and mirrors it under the `.1` symbol in a
 * `Dispatcher1Wrapper`, which it installs the first time Node's own `fetch` runs, replacing ours.
 */
const GLOBAL_DISPATCHER_V2 = Symbol.for("undici.globalDispatcher.2");
const FETCH_INTERCEPTOR = Symbol.for("fetch-interceptor");

type Globals = {
  fetch?: unknown;
  [GLOBAL_DISPATCHER]?: unknown;
  [GLOBAL_DISPATCHER_V2]?: unknown;
  [FETCH_INTERCEPTOR]?: unknown;
};
const globals = globalThis as Globals;
const fetchAtLoad = globals.fetch;
const dispatcherAtLoad = globals[GLOBAL_DISPATCHER];

/** The patched global fetch, when one is installed; otherwise `undefined`. Two property reads. */
export function interceptedFetch(): FetchLike | undefined {
  const current = globals.fetch;
  if (typeof current !== "function") return undefined;
  if (current !== fetchAtLoad || globals[FETCH_INTERCEPTOR] !== undefined) return current as FetchLike;
  return undefined;
}

/** The dispatcher a user installed with `setGlobalDispatcher`, when there is one; otherwise `undefined`. */
export function userGlobalDispatcher(): Dispatcher | undefined {
  const current = globals[GLOBAL_DISPATCHER] as Dispatcher | undefined;
  if (!current || typeof current.dispatch !== "function") return undefined;
  if (current.constructor?.name === "Dispatcher1Wrapper") {
    // undici 8's mirror: user-installed only when what it wraps (undici 8's global) is not its default Agent.
    const wrapped = globals[GLOBAL_DISPATCHER_V2] as { constructor?: { name?: string } } | undefined;
    return wrapped && wrapped.constructor?.name !== "Agent" ? current : undefined;
  }
  if (current !== dispatcherAtLoad || current.constructor?.name !== "Agent") return current;
  return undefined;
}
