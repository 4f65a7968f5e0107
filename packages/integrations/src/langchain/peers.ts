import { requirePeer } from "../peer.js";

// The LangChain runtime values the adapter needs, imported through `requirePeer` so that a missing package
// fails with an error naming what to install (a static import would fail with Node's bare message first).

const SUBPATH = "@highflame/integrations/langchain";
const INSTALL = "langchain@^1 @langchain/core@^1";

/** `langchain` (1.x): `createMiddleware`. */
export const langchain = await requirePeer<typeof import("langchain")>({
  specifier: "langchain",
  subpath: SUBPATH,
  install: INSTALL,
});

/** `@langchain/core/messages`: the message classes. */
export const messages = await requirePeer<typeof import("@langchain/core/messages")>({
  specifier: "@langchain/core/messages",
  subpath: SUBPATH,
  install: INSTALL,
});

/** `@langchain/core/callbacks/base`: `BaseCallbackHandler`. */
export const callbacks = await requirePeer<typeof import("@langchain/core/callbacks/base")>({
  specifier: "@langchain/core/callbacks/base",
  subpath: SUBPATH,
  install: INSTALL,
});
