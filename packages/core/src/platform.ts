import { ConfigurationError } from "./errors/client-errors.js";
import { FetchSender } from "./transport/fetch-sender.js";
import type { Sender } from "./transport/types.js";
import type { TransportOptions } from "./transport.js";

/** What differs between the Node build and the fetch-only build. */
export interface Platform {
  /** The default sender of a transport without a `fetch` option. */
  createSender(options: TransportOptions): Sender;
  /** The diagnostics channel of {@link HTTP_CALL_CHANNEL}; a no-op object in the fetch-only build. */
  readonly callChannel: { readonly hasSubscribers: boolean; publish(message: unknown): void };
}

/** The fetch-only platform: global `fetch` (looked up per call, so a patched one is used), no diagnostics. */
export const fetchPlatform: Platform = {
  createSender(options) {
    if (options.dispatcher) {
      throw new ConfigurationError("the dispatcher option needs the Node build of @highflame/core", {
        option: "dispatcher",
      });
    }
    return new FetchSender(() => globalThis.fetch as never);
  },
  callChannel: { hasSubscribers: false, publish() {} },
};

let platform: Platform = fetchPlatform;

/** @internal Installed once by the Node entry point. */
export function setPlatform(next: Platform): void {
  platform = next;
}

/** @internal The platform in use. */
export function currentPlatform(): Platform {
  return platform;
}
