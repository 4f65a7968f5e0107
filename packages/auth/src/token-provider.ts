/**
 * How long before a token's expiry it is refreshed: 60 s. A token is reused until `expiresAt - 60_000`; the
 * first caller after that point starts one refresh that every concurrent caller shares.
 */
export const TOKEN_REFRESH_BUFFER_MS = 60_000;

/** A cached bearer token with its absolute expiry and the tenant it belongs to. */
export interface CachedToken {
  /** The JWT sent as `Authorization: Bearer …`. */
  accessToken: string;
  /** `Bearer` (or `DPoP`), normalised from the server's spelling. */
  tokenType: string;
  /** Absolute expiry, epoch milliseconds (`Infinity` when the token carries none). */
  expiresAt: number;
  /** Account of the key: the exchange response's `account_id`, else the JWT's `account_id` claim. */
  accountId?: string;
  /** Project of the key: the exchange response's `project_id`, else the JWT's `project_id` claim. */
  projectId?: string;
  /** Granted scopes, space-delimited, when the server returned them. */
  scope?: string;
}

/**
 * Former name of {@link CachedToken}. `@highflame/sdk` exports `AccessToken` as the wire shape of a token
 * response (`access_token`, `expires_in`, …), as its published 0.3 API did.
 * @deprecated Use {@link CachedToken}.
 */
export type AccessToken = CachedToken;

/** Options of {@link TokenProvider.getToken}. */
export interface GetTokenOptions {
  /** Stops waiting for the token (a shared in-flight exchange keeps running for other callers). */
  signal?: AbortSignal;
  /** Ignore the cached token and exchange again (joins an exchange already in flight). Default false. */
  forceRefresh?: boolean;
}

/** A source of bearer tokens. Implement it to plug in your own credential source. */
export interface TokenProvider {
  /** Returns a token valid for at least {@link TOKEN_REFRESH_BUFFER_MS} when the source can tell. */
  getToken(options?: GetTokenOptions): Promise<CachedToken>;
  /** Drops any cached token so the next {@link getToken} fetches a fresh one (called after a 401). */
  invalidate(): void;
  /**
   * The token {@link getToken} would return right now without waiting, or `undefined` when it would have to
   * fetch one. Optional: it lets the request loop start an attempt without a promise on the hot path.
   */
  cachedToken?(): CachedToken | undefined;
}
