/**
 * `@highflame/core` for Node: transport on undici's dispatcher, diagnostics on `node:diagnostics_channel`.
 * Runtimes without Node's modules resolve `index-fetch.js` instead (same exports, fetch transport).
 *
 * @packageDocumentation
 */

import { setPlatform } from "./platform.js";
import { nodePlatform } from "./platform-node.js";

setPlatform(nodePlatform);

export * from "./public-api.js";
