import type { AuthProvider } from "@highflame/core";
import type { CachedToken, TokenProvider } from "./token-provider.js";

/**
 * Adapts a {@link TokenProvider} to the core request loop: each attempt sends `Authorization: Bearer <token>`;
 * after a 401 the loop calls `invalidate()` (→ `provider.invalidate()`) and repeats the call once. While the
 * provider has a fresh token cached (`cachedToken()`), attempts get their headers synchronously.
 *
 * @example
 * const http = new HttpClient({ baseUrl, auth: bearerAuth(provider) });
 */
export function bearerAuth(provider: TokenProvider): AuthProvider {
  let last: { token: CachedToken; headers: Record<string, string> } | undefined;
  const headersOf = (token: CachedToken): Record<string, string> => {
    if (last?.token !== token) last = { token, headers: { authorization: `Bearer ${token.accessToken}` } };
    return last.headers;
  };
  return {
    async authHeaders({ signal }) {
      return headersOf(await provider.getToken({ signal }));
    },
    cachedAuthHeaders() {
      const token = provider.cachedToken?.();
      return token ? headersOf(token) : undefined;
    },
    invalidate() {
      provider.invalidate();
    },
  };
}
