/** Environment variables the SDK reads as fallbacks (explicit options always win). */
export const HIGHFLAME_ENV = {
  apiKey: "HIGHFLAME_API_KEY",
  baseUrl: "HIGHFLAME_BASE_URL",
  tokenUrl: "HIGHFLAME_TOKEN_URL",
  accountId: "HIGHFLAME_ACCOUNT_ID",
  projectId: "HIGHFLAME_PROJECT_ID",
  logLevel: "HIGHFLAME_LOG",
} as const;

/** Values read from {@link HIGHFLAME_ENV}; unset and blank variables are `undefined`. */
export type HighflameEnv = { -readonly [K in keyof typeof HIGHFLAME_ENV]: string | undefined };

/**
 * Reads one variable, trimmed; blank counts as unset. Safe where `process` does not exist (edge runtimes,
 * browsers), where it returns undefined.
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}

/** Reads every `HIGHFLAME_*` variable the SDK knows. */
export function readHighflameEnv(): HighflameEnv {
  const out = {} as HighflameEnv;
  for (const [key, name] of Object.entries(HIGHFLAME_ENV)) {
    out[key as keyof HighflameEnv] = readEnv(name);
  }
  return out;
}
