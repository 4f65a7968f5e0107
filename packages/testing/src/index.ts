/**
 * Private test kit for the Highflame SDK: real `node:http` servers on port 0 with scripted responses and
 * server-side faults, SSE encoding, per-test secrets, a capturing logger, and fast-check arbitraries derived from
 * zod schemas.
 *
 * @packageDocumentation
 */

export {
  type CapturingLogger,
  createCapturingLogger,
  type LogEntry,
  type LogLevel,
} from "./capturing-logger.js";
export { closedPort } from "./closed-port.js";
export { type ForwardProxy, startForwardProxy } from "./forward-proxy.js";
export { oauthError, problemJson } from "./responses.js";
export { encodeSSE } from "./sse.js";
export { generateTestKey, type TestKeyPrefix } from "./test-key.js";
export { startTestServer } from "./test-server.js";
export type {
  RecordedRequest,
  Responder,
  RouteScript,
  ScriptedResponse,
  ServerFault,
  SSEFrame,
  SSEScript,
  TestServer,
  TestServerOptions,
} from "./types.js";
export { conforming, nearlyConforming } from "./zod-arbitrary.js";

/** Name of this package, for diagnostics. */
export const PACKAGE_NAME = "@highflame/testing";
