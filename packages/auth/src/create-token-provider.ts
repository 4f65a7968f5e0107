import { ConfigurationError, type HttpClient } from "@highflame/core";
import { looksLikeJwt } from "./jwt.js";
import { ServiceKeyTokenProvider } from "./service-key-token-provider.js";
import { StaticTokenProvider } from "./static-token-provider.js";
import type { TokenProvider } from "./token-provider.js";
import { resolveTokenUrl } from "./token-url.js";

/** Options of {@link createTokenProvider}. */
export interface CreateTokenProviderOptions {
  /** Service key (`hf_sk_…`, `zid_sk_…`) or a JWT to send as is. */
  apiKey: string;
  /** API base URL (picks the default token URL). */
  baseUrl: string;
  /** Explicit token URL. Default: `HIGHFLAME_TOKEN_URL`, else derived (see `resolveTokenUrl`). */
  tokenUrl?: string | undefined;
  /** Client used for the exchange. */
  http: HttpClient;
  /** Scopes to request. Default none. */
  scope?: string | undefined;
}

/**
 * The provider a client should use for `apiKey`: a value that already looks like a JWT is sent as the bearer
 * directly ({@link StaticTokenProvider}); anything else is exchanged ({@link ServiceKeyTokenProvider}), whatever
 * its prefix. The token URL is only resolved (and can only fail) in the second case.
 */
export function createTokenProvider(options: CreateTokenProviderOptions): TokenProvider {
  const apiKey = options.apiKey?.trim();
  if (!apiKey) throw new ConfigurationError("apiKey must be a non-empty string", { option: "apiKey" });
  if (looksLikeJwt(apiKey)) return new StaticTokenProvider(apiKey);
  const tokenUrl = resolveTokenUrl({ tokenUrl: options.tokenUrl, baseUrl: options.baseUrl, apiKey });
  return new ServiceKeyTokenProvider({ apiKey, tokenUrl, http: options.http, scope: options.scope });
}
