import { randomUUID } from "node:crypto";
import { generateTestKey, type RecordedRequest, startTestServer, type TestServer } from "@highflame/testing";
import { decodeJwt, importSPKI, jwtVerify } from "jose";
import { afterEach, beforeEach, expect, it } from "vitest";
import { generateAgentKeyPair, TOKEN_EXCHANGE_GRANT, ZeroIDClient, ZeroIDError } from "../src/index.js";
import { startIssuer, type TestIssuer } from "./helpers/issuer.js";

/**
 * The README walkthrough against a scripted ZeroID: registration, api_key grant, local verification, actor
 * assertion + token exchange (checked with the registered public key), cascade revocation and introspection.
 */
let server: TestServer;
let issuer: TestIssuer;

beforeEach(async () => {
  server = await startTestServer();
  issuer = await startIssuer(server);
});
afterEach(async () => server.close());

it("register → token → verify → delegate → revoke", async () => {
  const agents = new Map<string, { external_id: string; public_key_pem: string; wimse: string }>();
  const keys = new Map<string, string>(); // api key → external id
  const parents = new Map<string, string>(); // child jti → parent jti
  const revoked = new Set<string>();
  const wimse = (ext: string) => `spiffe://zeroid.test/acme/prod/agent/${ext}`;

  server.route("POST", "/api/v1/agents/register", (req: RecordedRequest) => {
    const body = req.json as { external_id: string; public_key_pem: string; name: string };
    const apiKey = generateTestKey("zid_sk_");
    keys.set(apiKey, body.external_id);
    agents.set(body.external_id, { ...body, wimse: wimse(body.external_id) });
    return {
      status: 201,
      body: {
        identity: {
          id: randomUUID(),
          name: body.name,
          external_id: body.external_id,
          wimse_uri: wimse(body.external_id),
        },
        api_key: apiKey,
      },
    };
  });
  server.route("POST", "/oauth2/token", async (req: RecordedRequest) => {
    const body = req.json as Record<string, string>;
    if (body.grant_type === "api_key") {
      const ext = keys.get(body.api_key!);
      if (!ext) return { status: 400, body: { error: "invalid_grant", error_description: "unknown key" } };
      const token = await issuer.token(
        { sub: wimse(ext), scopes: body.scope!.split(" "), external_id: ext },
        { kid: "v1" },
      );
      return { body: { access_token: token, token_type: "Bearer", expires_in: 3600, scope: body.scope } };
    }
    if (body.grant_type === TOKEN_EXCHANGE_GRANT) {
      const parent = decodeJwt(body.subject_token!);
      const actorSub = String(decodeJwt(body.actor_token!).sub);
      const actor = [...agents.values()].find((a) => a.wimse === actorSub)!;
      // The server checks the assertion with the actor's registered key, aud = issuer.
      await jwtVerify(body.actor_token!, await importSPKI(actor.public_key_pem, "ES256"), {
        issuer: actorSub,
        subject: actorSub,
        audience: server.url,
        algorithms: ["ES256"],
      });
      const claims = issuer.claims({
        sub: actorSub,
        grant_type: "token_exchange",
        scopes: body.scope!.split(" "),
        delegation_depth: 1,
        act: { sub: parent.sub },
        mission_id: parent.jti,
        exp: parent.exp,
      });
      parents.set(String(claims.jti), String(parent.jti));
      return { body: { access_token: await issuer.sign(claims), token_type: "Bearer", expires_in: 3600 } };
    }
    return { status: 400, body: { error: "unsupported_grant_type" } };
  });
  const isRevoked = (jti: string): boolean =>
    revoked.has(jti) || (parents.has(jti) && isRevoked(parents.get(jti)!));
  server.route("POST", "/oauth2/token/revoke", (req: RecordedRequest) => {
    revoked.add(String(decodeJwt((req.json as { token: string }).token).jti));
    return { body: { revoked: true } };
  });
  server.route("POST", "/oauth2/token/introspect", (req: RecordedRequest) => {
    const claims = decodeJwt(req.form!.get("token")!);
    if (isRevoked(String(claims.jti))) return { body: { active: false } };
    return {
      body: {
        active: true,
        sub: claims.sub,
        jti: claims.jti,
        account_id: "acme",
        project_id: "prod",
        act: claims.act,
      },
    };
  });

  await using zeroid = new ZeroIDClient({
    baseUrl: server.url,
    accountId: "acme",
    projectId: "prod",
    logLevel: "off",
  });
  const orchestratorKeys = await generateAgentKeyPair();
  const workerKeys = await generateAgentKeyPair();
  const { api_key } = await zeroid.agents.register({
    name: "Orchestrator",
    external_id: "orchestrator-1",
    sub_type: "orchestrator",
    created_by: "user-42",
    public_key_pem: orchestratorKeys.publicKeyPem,
  });
  const { identity: worker } = await zeroid.agents.register({
    name: "Worker",
    external_id: "worker-1",
    created_by: "user-42",
    public_key_pem: workerKeys.publicKeyPem,
  });

  const token = await zeroid.tokens.issueApiKey(api_key, { scope: ["tools:run", "data:read"] });
  const caller = await zeroid.tokens.verify(token.access_token);
  caller.requireScope("tools:run");
  expect(caller.sub).toBe(wimse("orchestrator-1"));

  const actorToken = await zeroid.tokens.createActorAssertion({
    privateKey: workerKeys.privateKey,
    wimseUri: worker.wimse_uri!,
    ttlSeconds: 120,
  });
  const child = await zeroid.tokens.issueTokenExchange(token.access_token, actorToken, {
    scope: "data:read",
  });
  const delegated = await zeroid.tokens.verify(child.access_token);
  expect(delegated.isDelegated()).toBe(true);
  expect(delegated.delegatedBy()).toBe(wimse("orchestrator-1"));
  expect(delegated.mission_id).toBe(caller.jti);

  expect(await zeroid.tokens.revoke(token.access_token)).toEqual({ revoked: true });
  const error = await zeroid.tokens.session(child.access_token).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ZeroIDError);
  expect((error as ZeroIDError).code).toBe("token_inactive");
  await expect(zeroid.tokens.verify(child.access_token)).resolves.toBeDefined();
  expect(issuer.jwksFetches).toBe(1);
});
