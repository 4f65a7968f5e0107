import { ConfigurationError } from "@highflame/core";
import { decodeJwtClaims, expiryFromClaims, stringClaim } from "./jwt.js";
import type { CachedToken, TokenProvider } from "./token-provider.js";

/**
 * A token the caller already holds (e.g. a JWT minted elsewhere). `exp`, `account_id` and `project_id` are
 * read from the JWT payload without verification; a value that is not a JWT never expires as far as the SDK
 * knows. `invalidate()` is a no-op: there is nothing to refresh, so a 401 surfaces as `AuthenticationError`.
 *
 * @example
 * const provider = new StaticTokenProvider(process.env.HIGHFLAME_JWT!);
 */
export class StaticTokenProvider implements TokenProvider {
  readonly #token: CachedToken;

  constructor(token: string) {
    if (typeof token !== "string" || token.trim() === "") {
      throw new ConfigurationError("StaticTokenProvider needs a non-empty token", { option: "token" });
    }
    const claims = decodeJwtClaims(token);
    const accountId = stringClaim(claims, "account_id");
    const projectId = stringClaim(claims, "project_id");
    const scope = stringClaim(claims, "scope");
    this.#token = {
      accessToken: token.trim(),
      tokenType: "Bearer",
      expiresAt: expiryFromClaims(claims) ?? Number.POSITIVE_INFINITY,
      ...(accountId ? { accountId } : {}),
      ...(projectId ? { projectId } : {}),
      ...(scope ? { scope } : {}),
    };
  }

  /** Returns the token. */
  async getToken(options?: { signal?: AbortSignal }): Promise<CachedToken> {
    options?.signal?.throwIfAborted();
    return this.#token;
  }

  /** The token (always at hand). */
  cachedToken(): CachedToken {
    return this.#token;
  }

  /** No-op. */
  invalidate(): void {}
}
