/**
 * Highflame Shield for Strands Agents TS (`@strands-agents/sdk` 1.x), as a plugin on its hooks. The SDK is an
 * optional peer: importing this subpath without it fails with an error naming it.
 *
 * @packageDocumentation
 */

export { BlockedError, SuspendedError } from "@highflame/shield";
export { HighflameStrandsHooks, type HighflameStrandsHooksOptions } from "./plugin.js";
