import { type DevServer, startDevServer } from "@highflame/devserver";
import { Highflame, type Logger } from "@highflame/sdk";

/** One line the SDK logged (the demo shows them where they matter instead of printing them raw). */
export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  message: string;
}

/** Where the demo runs and the one shared client. */
export interface DemoEnvironment {
  client: Highflame;
  /** Present when the local server runs in-process. */
  dev: DevServer | undefined;
  target: "local" | "remote";
  baseUrl: string;
  logs: LogEntry[];
  /** Closes the client, then the local server. */
  close(): Promise<void>;
}

/** Options of {@link openEnvironment}. */
export interface OpenEnvironmentOptions {
  /** Start the local server's observatory (page and API on their own ephemeral port). Default false. */
  observe?: boolean;
}

/** Per-attempt timeout of the demo's client, ms: fits a request/response SLA budget. */
export const DEMO_TIMEOUT_MS = 5_000;
/** Retries of the demo's client after the first attempt (the SDK default, stated explicitly). */
export const DEMO_MAX_RETRIES = 2;

/** A logger collecting SDK log lines into `logs`. */
export function collectingLogger(logs: LogEntry[]): Logger {
  const push = (level: LogEntry["level"]) => (message: string) => {
    logs.push({ level, message });
  };
  return { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

/**
 * Starts the local server in-process on a free port, or — when `HIGHFLAME_API_KEY` and `HIGHFLAME_BASE_URL` are
 * both set — uses that deployment (then `HIGHFLAME_TOKEN_URL`, `HIGHFLAME_ACCOUNT_ID` and `HIGHFLAME_PROJECT_ID`
 * are read from the environment by the SDK as well). Creates the one client of the process.
 */
export async function openEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options: OpenEnvironmentOptions = {},
): Promise<DemoEnvironment> {
  const logs: LogEntry[] = [];
  const logger = collectingLogger(logs);
  if (env.HIGHFLAME_API_KEY && env.HIGHFLAME_BASE_URL) {
    // Keys come from the environment; nothing secret is in code. Account and project are passed explicitly
    // because `client.zeroid` (admin calls) does not fall back to HIGHFLAME_ACCOUNT_ID / HIGHFLAME_PROJECT_ID.
    const client = new Highflame({
      accountId: env.HIGHFLAME_ACCOUNT_ID,
      projectId: env.HIGHFLAME_PROJECT_ID,
      timeout: DEMO_TIMEOUT_MS,
      maxRetries: DEMO_MAX_RETRIES,
      logger,
      logLevel: "info",
    });
    return {
      client,
      dev: undefined,
      target: "remote",
      baseUrl: client.baseUrl,
      logs,
      close: () => client.close(),
    };
  }
  const dev = await startDevServer({ port: 0, ...(options.observe ? { observatory: { port: 0 } } : {}) });
  try {
    // The local server hands out a fresh key per start; in production these come from HIGHFLAME_* variables.
    const client = new Highflame({
      apiKey: dev.apiKey,
      baseUrl: dev.url,
      tokenUrl: `${dev.url}/oauth2/token`,
      accountId: dev.accountId,
      projectId: dev.projectId,
      timeout: DEMO_TIMEOUT_MS,
      maxRetries: DEMO_MAX_RETRIES,
      logger,
      logLevel: "info",
      zeroid: { baseUrl: dev.url },
    });
    return {
      client,
      dev,
      target: "local",
      baseUrl: dev.url,
      logs,
      close: async () => {
        await client.close();
        await dev.close();
      },
    };
  } catch (error) {
    await dev.close();
    throw error;
  }
}
