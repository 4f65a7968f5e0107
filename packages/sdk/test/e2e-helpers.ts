import { randomUUID } from "node:crypto";
import { type DevServer, type DevServerOptions, startDevServer } from "@highflame/devserver";
import { type CapturingLogger, createCapturingLogger } from "@highflame/testing";
import { Highflame, type HighflameOptions, ZeroIDClient, type ZeroIDClientOptions } from "../src/index.js";

/** A dev server on an ephemeral port plus every request line it logged (`METHOD /path STATUS Nms`). */
export interface E2EServer extends DevServer {
  /** Request log lines, oldest first. */
  readonly lines: string[];
  /** Statuses the server answered for `method path`, in order (dropped connections are never logged). */
  statuses(method: string, path: string): number[];
}

/** Starts `startDevServer({ port: 0 })` and records its request log. */
export async function startE2EServer(options: DevServerOptions = {}): Promise<E2EServer> {
  const lines: string[] = [];
  const server = await startDevServer({ port: 0, ...options, log: (line) => lines.push(line) });
  return Object.assign(server, {
    lines,
    statuses(method: string, path: string): number[] {
      const prefix = `${method} ${path} `;
      return lines
        .filter((line) => line.startsWith(prefix))
        .map((line) => Number(line.slice(prefix.length).split(" ")[0]));
    },
  });
}

/** The real SDK client wired to the dev server, with a capturing logger unless one is given. */
export function highflameFor(
  server: DevServer,
  options: Partial<HighflameOptions> = {},
): Highflame & { readonly log: CapturingLogger } {
  const log = createCapturingLogger();
  const client = new Highflame({
    apiKey: server.apiKey,
    baseUrl: server.url,
    tokenUrl: `${server.url}/oauth2/token`,
    zeroid: { baseUrl: server.url },
    logger: log,
    logLevel: "off",
    ...options,
  });
  return Object.assign(client, { log: (options.logger as CapturingLogger | undefined) ?? log });
}

/** A `ZeroIDClient` for the dev server's default tenant. */
export function zeroidFor(server: DevServer, options: Partial<ZeroIDClientOptions> = {}): ZeroIDClient {
  return new ZeroIDClient({
    baseUrl: server.url,
    apiKey: server.apiKey,
    accountId: server.accountId,
    projectId: server.projectId,
    logLevel: "off",
    ...options,
  });
}

/** A unique, WIMSE-safe id for one test (`[A-Za-z0-9._-]`). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** `POST {url}/api/v1/dev/keys/{action}` (dev-only signing-key rotation); returns the published kids. */
export async function devKeys(server: DevServer, action: "rotate" | "retire"): Promise<string[]> {
  const response = await fetch(`${server.url}/api/v1/dev/keys/${action}`, { method: "POST" });
  if (response.status !== 200) throw new Error(`dev/keys/${action} answered ${response.status}`);
  return ((await response.json()) as { kids: string[] }).kids;
}

/** The `kid` of a JWT's protected header. */
export function kidOf(token: string): string {
  return headerOf(token).kid as string;
}

/** A JWT's decoded protected header. */
export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8"));
}
