import type { TokenProvider } from "@highflame/auth";
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
  return {
    async authHeaders({ signal }) {
      const token = await provider.getToken({ signal });
      const headers: Record<string, string> = { authorization: `Bearer ${token.accessToken}` };
      const accountId = overrides.accountId ?? token.accountId;
      const projectId = overrides.projectId ?? token.projectId;
      if (accountId) headers["x-account-id"] = accountId;
      if (projectId) headers["x-project-id"] = projectId;
      return headers;
    },
    invalidate() {
      provider.invalidate();
    },
  };
}
