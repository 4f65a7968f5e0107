import { setFlagsFromString } from "node:v8";

/**
 * The V8 flag {@link applyV8Workaround} sets. On Node 20.20 under sustained load, a lazy deoptimisation of a
 * function with an inlined JS→Wasm call (this server's Cedar evaluation) intermittently aborts the process
 * with `Fatal error … unreachable code` in `Deoptimizer::DoComputeBuiltinContinuation`. Turning that inlining
 * off stops it; it affects every Wasm call in the process alike (Cedar, undici's llhttp parser). The dev server applies it when
 * its policy engine loads; see docs/decisions/0004-v8-wasm-inlining-workaround.md.
 */
export const V8_WORKAROUND_FLAG = "--no-turbo-inline-js-wasm-calls";

/** Sets {@link V8_WORKAROUND_FLAG}; effective for functions optimised after the call. Idempotent. */
export function applyV8Workaround(): void {
  setFlagsFromString(V8_WORKAROUND_FLAG);
}
