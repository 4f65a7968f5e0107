/**
 * `@highflame/core` for runtimes without Node's modules (Cloudflare Workers, Vercel Edge, Deno, Bun,
 * browsers): the same exports, with every call sent through `fetch` and diagnostics off.
 *
 * @packageDocumentation
 */
export * from "./public-api.js";
