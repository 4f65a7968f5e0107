import type { KeyRing } from "./keys.js";
import type { Store } from "./store.js";

/** Shared state handed to every ZeroID route and grant. */
export interface ZeroIDCore {
  readonly store: Store;
  readonly keys: KeyRing;
  /** Issuer URL (server base URL, no trailing slash). */
  issuer(): string;
  /** Current time in ms. */
  now(): number;
  /** Must be called after every state mutation. */
  changed(): void;
}

/** Current time in Unix seconds. */
export function nowSeconds(core: ZeroIDCore): number {
  return Math.floor(core.now() / 1000);
}
