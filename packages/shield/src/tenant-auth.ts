import type { AccessToken, TokenProvider } from "@highflame/auth";
import type { AuthProvider } from "@highflame/core";

/** Explicit tenant overrides; each wins over the token's values. */
export interface TenantOverrides {
  accountId?: string | undefined;
  projectId?: string | undefined;
}

/**
 * Shield's auth provider: `Authorization: Bearer <jwt>` plus `X-Account-ID` / `X-Project-ID`, taken from the
 * explicit options, else the token exchange response, else the JWT claims (the token provider already merges the
 * last two). A header is left out when no source has a value. 401 → `provider.invalidate()`.
 */
export function tenantBearerAuth(provider: TokenProvider, overrides: TenantOverrides = {}): AuthProvider {
  // Headers are built once per token, so a cached token costs no allocation per call.
  let last: { token: AccessToken; headers: Record<string, string> } | undefined;
  const headersOf = (token: AccessToken): Record<string, string> => {
    if (last?.token === token) return last.headers;
    const headers: Record<string, string> = { authorization: `Bearer ${token.accessToken}` };
    const accountId = overrides.accountId ?? token.accountId;
    const projectId = overrides.projectId ?? token.projectId;
    if (accountId) headers["x-account-id"] = accountId;
    if (projectId) headers["x-project-id"] = projectId;
    last = { token, headers };
    return headers;
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
