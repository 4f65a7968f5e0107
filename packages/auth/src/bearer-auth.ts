import type { AuthProvider } from "@highflame/core";
import type { TokenProvider } from "./token-provider.js";

/**
 * Adapts a {@link TokenProvider} to the core request loop: each attempt sends `Authorization: Bearer <token>`;
 * after a 401 the loop calls `invalidate()` (→ `provider.invalidate()`) and repeats the call once.
 *
 * @example
 * const http = new HttpClient({ baseUrl, auth: bearerAuth(provider) });
 */
export function bearerAuth(provider: TokenProvider): AuthProvider {
  return {
    async authHeaders({ signal }) {
      const token = await provider.getToken({ signal });
      return { authorization: `Bearer ${token.accessToken}` };
    },
    invalidate() {
      provider.invalidate();
    },
  };
}
