import { ConfigurationError, readEnv } from "@highflame/core";

/** Generation-2 token endpoint (ZeroID OAuth), production. */
export const DEFAULT_TOKEN_URL = "https://auth.highflame.ai/oauth2/token";

interface KnownHost {
  env: "prod" | "dev";
  generation: 1 | 2;
}

/** Hosted Shield/API hosts and the environment and product generation each belongs to (spec §1). */
const KNOWN_HOSTS: Record<string, KnownHost> = {
  "api.highflame.ai": { env: "prod", generation: 2 },
  "shield.api.highflame.ai": { env: "prod", generation: 1 },
  "api-dev.highflame.dev": { env: "dev", generation: 2 },
  "shield.api-dev.highflame.dev": { env: "dev", generation: 1 },
};

const TOKEN_URLS = {
  prod: {
    1: "https://studio.api.highflame.ai/api/cli-auth/token",
    2: DEFAULT_TOKEN_URL,
  },
  dev: {
    1: "https://studio.api-dev.highflame.dev/api/cli-auth/token",
    2: "https://auth-dev.highflame.dev/oauth2/token",
  },
} as const;

/** Inputs of {@link resolveTokenUrl}. */
export interface ResolveTokenUrlOptions {
  /** Explicit token URL; wins over everything. */
  tokenUrl?: string | undefined;
  /** The API base URL; its host picks the default token URL. */
  baseUrl: string;
  /** The service key; `zid_sk_` keys always use the ZeroID OAuth endpoint of the environment. */
  apiKey?: string | undefined;
}

/**
 * Picks the token-exchange URL: the explicit `tokenUrl`, else `HIGHFLAME_TOKEN_URL`, else a default derived from
 * the base URL's host and the key type:
 *
 * | base host | `hf_sk_` key | `zid_sk_` key |
 * |---|---|---|
 * | `api.highflame.ai` | `https://auth.highflame.ai/oauth2/token` | same |
 * | `shield.api.highflame.ai` | `https://studio.api.highflame.ai/api/cli-auth/token` | `https://auth.highflame.ai/oauth2/token` |
 * | `api-dev.highflame.dev` | `https://auth-dev.highflame.dev/oauth2/token` | same |
 * | `shield.api-dev.highflame.dev` | `https://studio.api-dev.highflame.dev/api/cli-auth/token` | `https://auth-dev.highflame.dev/oauth2/token` |
 *
 * Any other host (self-hosted, local) has no safe default: rather than silently sending the key to the SaaS
 * endpoint, this throws a {@link ConfigurationError} asking for `tokenUrl`.
 */
export function resolveTokenUrl(options: ResolveTokenUrlOptions): string {
  const explicit = options.tokenUrl?.trim() || undefined;
  if (explicit) return validateUrl(explicit, "tokenUrl");
  const fromEnv = readEnv("HIGHFLAME_TOKEN_URL");
  if (fromEnv) return validateUrl(fromEnv, "tokenUrl");
  let host: string;
  try {
    host = new URL(options.baseUrl).hostname.toLowerCase();
  } catch {
    throw new ConfigurationError(`baseUrl is not a valid URL: ${JSON.stringify(options.baseUrl)}`, {
      option: "baseUrl",
    });
  }
  const known = KNOWN_HOSTS[host];
  if (!known) {
    throw new ConfigurationError(
      `No token URL is known for base URL host "${host}". Set the tokenUrl option (or HIGHFLAME_TOKEN_URL) to ` +
        `your deployment's token endpoint, e.g. https://auth.<your-domain>/oauth2/token; otherwise the key ` +
        `would be sent to the hosted endpoint and rejected.`,
      { option: "tokenUrl" },
    );
  }
  const generation = options.apiKey?.startsWith("zid_sk_") ? 2 : known.generation;
  return TOKEN_URLS[known.env][generation];
}

function validateUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${option} is not a valid URL: ${JSON.stringify(value)}`, { option });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`${option} must use http or https, got ${url.protocol}`, { option });
  }
  return url.toString();
}
