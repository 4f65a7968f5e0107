/**
 * Type-level regression test, compiled by `pnpm typecheck` (`tsc --strict`), never run: code written against the
 * published `@highflame/sdk` 0.3 API must compile unchanged. Each function below is what such code does; a
 * change that makes a field nullable again, drops an exported name or narrows a call shape fails the typecheck.
 */
import {
  type AccessToken,
  type AgentListResponse,
  type AgentRegistered,
  type AgentResponse,
  type CAESignal,
  type CreateSignalRequest,
  type CredentialListResponse,
  type IdentityType,
  type IssuedCredential,
  type RegisterAgentRequest,
  type SignalSeverity,
  type SignalType,
  type SubType,
  type TrustLevel,
  type ZeroIDClient,
  ZeroIDError,
} from "../src/index.js";
import { type OAuthClientCreated, verifyJWT, type ZeroIDIdentity } from "../src/zeroid.js";

declare const client: ZeroIDClient;
declare const flag: string | undefined;

/** `zeroid agents list`: a plain string filter, and every column read as a `string`. */
export async function listAgents(): Promise<string[][]> {
  const result: AgentListResponse = await client.agents.list({ identity_type: flag, limit: 50 });
  return result.agents.map((a: AgentResponse) => {
    const row: string[] = [a.name, a.identity_type, a.trust_level, a.status, a.created_at];
    return row;
  });
}

/** `zeroid init`: the registered identity's tenant and ids are strings; metadata may be a JSON string. */
export async function register(type: string, sub: string | undefined): Promise<Record<string, string>> {
  const body: RegisterAgentRequest = {
    name: "github-mcp-server",
    external_id: "github-mcp-server",
    identity_type: type as IdentityType,
    sub_type: sub as SubType | undefined,
    created_by: "user_1",
    metadata: JSON.stringify({ team: "platform" }),
  };
  const result: AgentRegistered = await client.agents.register(body);
  const id = result.identity;
  return {
    account_id: id.account_id,
    project_id: id.project_id,
    external_id: id.external_id,
    wimse_uri: id.wimse_uri,
    name: id.name,
  };
}

/** `zeroid creds list --agent agt_…`: the id string itself, and required `scopes`/`expires_at`/`issued_at`. */
export async function listCredentials(agentId: string): Promise<string[][]> {
  const result: CredentialListResponse = await client.credentials.list(agentId);
  const byQuery: CredentialListResponse = await client.credentials.list({ identity_id: agentId });
  return [...result.credentials, ...byQuery.credentials].map((c: IssuedCredential) => [
    c.id,
    c.scopes.join(" "),
    c.expires_at,
    c.issued_at,
  ]);
}

/** `zeroid signal`: the request and response type names. */
export async function ingest(type: string, severity: string): Promise<string> {
  const request: CreateSignalRequest = {
    identity_id: "agt_1",
    signal_type: type as SignalType,
    severity: severity as SignalSeverity,
    source: "zeroid-cli",
  };
  const signal: CAESignal = await client.signals.ingest(request);
  return signal.id;
}

/** `zeroid token issue`: `AccessToken` is the wire shape of a token response. */
export async function issue(apiKey: string): Promise<string> {
  const token: AccessToken = await client.tokens.issue({ grant_type: "api_key", api_key: apiKey });
  const fixture: AccessToken = {
    access_token: "h.p.s",
    token_type: "Bearer",
    expires_in: 900,
    jti: "jti_1",
    iat: 1,
    account_id: "acct",
    project_id: "proj",
  };
  return `${token.access_token} ${token.token_type} ${token.expires_in} ${fixture.access_token}`;
}

/** `zeroid token verify`: `exp` is a number, `name` exists, errors switch on `code`. */
export async function verify(jwt: string): Promise<number> {
  try {
    const identity: ZeroIDIdentity = await client.tokens.verify(jwt);
    const name: string | undefined = identity.name;
    const minutes: number = identity.exp > 0 ? Math.round((identity.exp - Date.now() / 1000) / 60) : 0;
    return name === undefined ? minutes : minutes + 1;
  } catch (err: unknown) {
    if (err instanceof ZeroIDError && err.code === "token_expired") return -1;
    throw err;
  }
}

/** `verifyJWT(token, jwksUrl)` from `@highflame/sdk/zeroid`. */
export async function verifyStandalone(jwt: string): Promise<string> {
  const identity = await verifyJWT(jwt, "https://auth.example/.well-known/jwks.json");
  const withOptions = await verifyJWT(jwt, "https://auth.example/.well-known/jwks.json", {
    issuer: "https://auth.example",
  });
  return identity.sub + withOptions.sub;
}

/** Smoke test: the session carries `active: true`; a confidential client's secret is a string. */
export async function session(jwt: string, created: OAuthClientCreated): Promise<boolean> {
  const s = await client.tokens.session(jwt);
  const active: true = s.active;
  const secret: string = created.client_secret;
  const trust: TrustLevel = "unverified";
  s.requireTrust(trust);
  return active && secret.length > 0;
}

/** The published client's error construction: `new ZeroIDError(message, code)` with a positional code. */
export function rejectExpired(): never {
  const error = new ZeroIDError("token has expired", "token_expired");
  const code: string = error.code;
  throw code === "token_expired" ? error : new ZeroIDError(`unexpected code ${code}`, "internal_error");
}
