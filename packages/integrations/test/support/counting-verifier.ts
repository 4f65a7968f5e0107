import { createVerifier, type Verifier } from "@highflame/zeroid";

/** A real verifier for `issuer` that counts `verify` calls. */
export function countingVerifier(issuer: string): Verifier & { readonly calls: number } {
  const inner = createVerifier({ issuer });
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    verify: (token, options) => {
      calls += 1;
      return inner.verify(token, options);
    },
    verifyBearer: (header, options) => inner.verifyBearer(header, options),
    get jwksFetchCount() {
      return inner.jwksFetchCount;
    },
    close: () => inner.close(),
    [Symbol.asyncDispose]: () => inner.close(),
  };
}
