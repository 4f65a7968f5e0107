import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { readBody } from "../src/http/body.js";
import type { RequestContext } from "../src/http/context.js";
import { createZeroIDService, type ZeroIDService, type ZeroIDServiceOptions } from "../src/zeroid/index.js";

/** A ZeroID service mounted on a bare node:http server on port 0. */
export interface Harness {
  url: string;
  service: ZeroIDService;
  /** How many times onChange fired. */
  changes: () => number;
  close(): Promise<void>;
  /** JSON request helper; returns status, headers and parsed body. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Admin call with the default tenant headers under `/api/v1` (unless `prefix` is given). */
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** POST /oauth2/token with a JSON body. */
  token(body: Record<string, unknown>): Promise<Reply>;
}

/** A decoded HTTP reply. */
export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience
  body: any;
}

/** Starts a service on port 0. `prefix` is the admin prefix used by `admin()`. */
export async function startZeroID(
  options: Partial<Omit<ZeroIDServiceOptions, "issuer">> = {},
  issuerOverride?: string,
): Promise<Harness> {
  let url = "";
  let changes = 0;
  const service = await createZeroIDService({
    ...options,
    issuer: () => issuerOverride ?? url,
    onChange: () => {
      changes++;
    },
  });
  const server: Server = createServer(async (req, res) => {
    try {
      const rawBody = await readBody(req);
      const ctx: RequestContext = {
        req,
        res,
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", "http://localhost"),
        rawBody,
        header: (name) => {
          const v = req.headers[name.toLowerCase()];
          return Array.isArray(v) ? v.join(", ") : v;
        },
        requestId: randomUUID(),
      };
      if (!(await service.handle(ctx))) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not mine");
      }
    } catch (err) {
      res.writeHead(599);
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const prefix = options.adminPathPrefix ?? "/api/v1";

  const call: Harness["call"] = async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    get url() {
      return url;
    },
    service,
    changes: () => changes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    call,
    admin: (method, path, body, headers = {}) =>
      call(method, `${prefix}${path}`, body, {
        "x-account-id": service.defaultTenant.account_id,
        "x-project-id": service.defaultTenant.project_id,
        ...headers,
      }),
    token: (body) => call("POST", "/oauth2/token", body),
  };
}

/** A fresh P-256 key pair with its SPKI PEM. */
export async function newAgentKey(): Promise<{ privateKey: CryptoKey; publicKeyPem: string }> {
  const pair = await generateKeyPair("ES256", { extractable: true });
  return { privateKey: pair.privateKey, publicKeyPem: await exportSPKI(pair.publicKey) };
}

/** Signs a self-signed identity assertion (spec §4.2). Overrides tweak claims or the algorithm/key. */
export async function signAssertion(
  privateKey: CryptoKey,
  wimse: string,
  audience: string,
  overrides: { claims?: Record<string, unknown>; expSeconds?: number; noExp?: boolean } = {},
): Promise<string> {
  const jwt = new SignJWT({ iss: wimse, sub: wimse, aud: audience, jti: randomUUID(), ...overrides.claims })
    .setProtectedHeader({ alg: "ES256", typ: "JWT" })
    .setIssuedAt();
  if (!overrides.noExp) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + (overrides.expSeconds ?? 300));
  return jwt.sign(privateKey);
}

/** Decodes a JWT's payload without verification. */
// biome-ignore lint/suspicious/noExplicitAny: test convenience
export function claimsOf(jwt: string): any {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
}

/** Decodes a JWT's protected header. */
// biome-ignore lint/suspicious/noExplicitAny: test convenience
export function headerOf(jwt: string): any {
  return JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString("utf8"));
}

/** Registers an agent with a fresh key pair; returns its id, WIMSE URI, API key and private key. */
export async function registerAgent(
  h: Harness,
  externalId: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; wimse: string; apiKey: string; privateKey: CryptoKey }> {
  const key = await newAgentKey();
  const reply = await h.admin("POST", "/agents/register", {
    name: externalId,
    external_id: externalId,
    created_by: "owner-test",
    public_key_pem: key.publicKeyPem,
    ...extra,
  });
  if (reply.status !== 201) throw new Error(`register failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return {
    id: reply.body.identity.id,
    wimse: reply.body.identity.wimse_uri,
    apiKey: reply.body.api_key,
    privateKey: key.privateKey,
  };
}
