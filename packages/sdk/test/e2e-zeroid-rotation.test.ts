import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, type Verifier, type ZeroIDClient, ZeroIDError } from "../src/index.js";
import { DEFAULT_JWKS_MAX_AGE_MS } from "../src/zeroid.js";
import { devKeys, type E2EServer, kidOf, startE2EServer, uniqueId, zeroidFor } from "./e2e-helpers.js";

// One server for this file: rotation and retirement change its key ring, so the tests run in order.
let server: E2EServer;
let zeroid: ZeroIDClient;
beforeAll(async () => {
  server = await startE2EServer();
  zeroid = zeroidFor(server);
});
afterAll(async () => {
  await zeroid?.close();
  await server?.close();
});

/** A controllable clock, so cache ageing needs no waiting. */
function manualClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

async function verifyError(verifier: Verifier, token: string): Promise<ZeroIDError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZeroIDError);
  return error as ZeroIDError;
}

describe("signing-key rotation seen by a local verifier", () => {
  it("rotate: a token with the new kid verifies after exactly one extra JWKS fetch; retire: the old kid fails with unknown_key after the cache ages", async () => {
    const clock = manualClock();
    await using verifier = createVerifier({
      issuer: server.url,
      cooldownMs: 0,
      now: clock.now,
      logLevel: "off",
    });

    const before = await zeroid.tokens.issueApiKey(server.apiKey);
    const oldKid = kidOf(before.access_token);
    const identity = await verifier.verify(before.access_token);
    expect(identity.account_id).toBe(server.accountId);
    expect(verifier.jwksFetchCount).toBe(1);
    await verifier.verify(before.access_token);
    expect(verifier.jwksFetchCount).toBe(1); // cached

    const published = await devKeys(server, "rotate");
    expect(published).toContain(oldKid);
    expect(published.length).toBe(4); // old + new, ES256 and RS256 each
    const after = await zeroid.tokens.issueApiKey(server.apiKey);
    const newKid = kidOf(after.access_token);
    expect(newKid).not.toBe(oldKid);
    expect(published).toContain(newKid);

    expect((await verifier.verify(after.access_token)).sub).toBe(identity.sub);
    expect(verifier.jwksFetchCount).toBe(2); // the unknown kid caused exactly one refetch
    await verifier.verify(after.access_token);
    await verifier.verify(before.access_token); // both keys are published until retirement
    expect(verifier.jwksFetchCount).toBe(2);

    const remaining = await devKeys(server, "retire");
    expect(remaining).not.toContain(oldKid);
    expect(remaining).toContain(newKid);
    expect((await zeroid.tokens.jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining(remaining));

    // Within the cache lifetime the retired key is still known locally ...
    await verifier.verify(before.access_token);
    expect(verifier.jwksFetchCount).toBe(2);
    // ... once the cache is older than maxAgeMs it is refetched and the old kid is gone.
    clock.advance(DEFAULT_JWKS_MAX_AGE_MS + 1);
    const retired = await verifyError(verifier, before.access_token);
    expect(retired).toMatchObject({ code: "unknown_key", kind: "verification", status: 401 });
    expect(retired.message).toContain(oldKid);
    expect(verifier.jwksFetchCount).toBe(3);
    expect((await verifier.verify(after.access_token)).sub).toBe(identity.sub);
    expect(verifier.jwksFetchCount).toBe(3);
  });

  it("ES256 client_credentials tokens rotate too, and a client with jwksMaxAgeMs 0 sees retirement on the next verify", async () => {
    await using fresh = zeroidFor(server, { jwksMaxAgeMs: 0, jwksCooldownMs: 0 });
    const clientId = uniqueId("svc");
    await zeroid.identities.create({ external_id: clientId, owner_user_id: uniqueId("user") });
    const { client_secret } = await zeroid.oauthClients.create({
      client_id: clientId,
      name: "svc",
      confidential: true,
      scopes: ["svc:read"],
    });
    const es256Before = await fresh.tokens.issueClientCredentials(clientId, client_secret as string);
    await fresh.tokens.verify(es256Before.access_token);

    await devKeys(server, "rotate");
    const es256After = await fresh.tokens.issueClientCredentials(clientId, client_secret as string);
    expect(kidOf(es256After.access_token)).not.toBe(kidOf(es256Before.access_token));
    await fresh.tokens.verify(es256After.access_token);
    await fresh.tokens.verify(es256Before.access_token);

    await devKeys(server, "retire");
    const fetchesBefore = fresh.verifier.jwksFetchCount;
    const error = await verifyError(fresh.verifier, es256Before.access_token);
    expect(error.code).toBe("unknown_key");
    expect(fresh.verifier.jwksFetchCount).toBe(fetchesBefore + 1);
    await fresh.tokens.verify(es256After.access_token);
    // The server itself refuses the retired token on introspection as well.
    expect((await fresh.tokens.introspect(es256Before.access_token)).active).toBe(false);
  });

  it("without cooldownMs 0, an unknown kid within the cooldown is refused without a refetch", async () => {
    const clock = manualClock();
    await using verifier = createVerifier({
      issuer: server.url,
      cooldownMs: 30_000,
      now: clock.now,
      logLevel: "off",
    });
    const before = await zeroid.tokens.issueApiKey(server.apiKey);
    await verifier.verify(before.access_token);
    expect(verifier.jwksFetchCount).toBe(1);

    await devKeys(server, "rotate");
    const after = await zeroid.tokens.issueApiKey(server.apiKey);
    expect((await verifyError(verifier, after.access_token)).code).toBe("unknown_key");
    expect(verifier.jwksFetchCount).toBe(1); // refused inside the cooldown: no refetch storm
    clock.advance(30_000);
    await verifier.verify(after.access_token);
    expect(verifier.jwksFetchCount).toBe(2);
  });
});
