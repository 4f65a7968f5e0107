import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Highflame, type HighflameOptions } from "@highflame/sdk";

/** Where to connect and where to print. Every field falls back to its `HIGHFLAME_*` environment variable. */
export interface ExampleOptions {
  /** Shield base URL. Default `HIGHFLAME_BASE_URL`. */
  baseUrl?: string | undefined;
  /** Service key. Default `HIGHFLAME_API_KEY`. */
  apiKey?: string | undefined;
  /** Token endpoint (`…/oauth2/token` on the local server). Default `HIGHFLAME_TOKEN_URL`. */
  tokenUrl?: string | undefined;
  /** Tenant account (`X-Account-ID`; required for ZeroID admin calls). Default `HIGHFLAME_ACCOUNT_ID`. */
  accountId?: string | undefined;
  /** Tenant project (`X-Project-ID`). Default `HIGHFLAME_PROJECT_ID`. */
  projectId?: string | undefined;
  /** Receives each printed line. Default `console.log`. */
  log?: ((line: string) => void) | undefined;
}

/**
 * The example's one client. Without an account/project the token's tenant is used for Shield calls. With the
 * local server, export the variables `highflame-dev` prints.
 */
export function connect(options: ExampleOptions, extra: Partial<HighflameOptions> = {}): Highflame {
  const env = process.env;
  const baseUrl = options.baseUrl ?? env.HIGHFLAME_BASE_URL;
  const tokenUrl = options.tokenUrl ?? env.HIGHFLAME_TOKEN_URL;
  return new Highflame({
    apiKey: options.apiKey ?? env.HIGHFLAME_API_KEY,
    baseUrl,
    tokenUrl,
    accountId: options.accountId ?? env.HIGHFLAME_ACCOUNT_ID,
    projectId: options.projectId ?? env.HIGHFLAME_PROJECT_ID,
    // A ZeroID token endpoint (…/oauth2/token) also tells the client where the ZeroID admin API lives.
    ...(tokenUrl?.endsWith("/oauth2/token")
      ? { zeroid: { baseUrl: tokenUrl.slice(0, -"/oauth2/token".length) } }
      : {}),
    timeout: 10_000,
    maxRetries: 2,
    ...extra,
  });
}

/** Runs `main` when the file is the process entry point, printing errors as one line (no stack trace). */
export function runIfEntry(url: string, main: () => Promise<unknown>): void {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(realpathSync(entry)).href !== url) return;
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exitCode = 1;
  });
}
