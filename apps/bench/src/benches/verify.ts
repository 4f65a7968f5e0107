import { createVerifier, type ZeroIDClient } from "@highflame/zeroid";
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from "jose";
import { request } from "undici";
import type { Benchmark } from "../benchmark.js";
import { silentLogger } from "../environment.js";
import { type BenchCase, measure, sequentialRound } from "../measure.js";
import type { Check } from "../report.js";
import { pairedRatioResult, type Target } from "../targets.js";

/** Issue 9's target: `verify()` has at least 0.95× the throughput of bare jose `jwtVerify`. */
export const VERIFY_TARGET: Target = { comparator: ">=", threshold: 0.95 };

/** An ES256 access token from the `client_credentials` grant of a fresh OAuth client on the dev server. */
async function clientCredentialsToken(zeroid: ZeroIDClient): Promise<string> {
  const clientId = `bench-svc-${process.pid}-${Date.now().toString(36)}`;
  await zeroid.identities.create({
    external_id: clientId,
    owner_user_id: "bench-user",
    identity_type: "service",
  });
  const { client_secret } = await zeroid.oauthClients.create({
    client_id: clientId,
    name: "Bench service",
    confidential: true,
    grant_types: ["client_credentials"],
    scopes: ["bench:read"],
  });
  if (!client_secret) throw new Error("the dev server returned no client secret");
  return (await zeroid.tokens.issueClientCredentials(clientId, client_secret)).access_token;
}

/** `createVerifier().verify()` vs jose `jwtVerify()` on a local JWK set with the same keys. */
export const verifyBenchmark: Benchmark = {
  name: "verify",
  title: "createVerifier({issuer}).verify() (JWKS cached) vs jose jwtVerify(createLocalJWKSet(jwks))",
  async run(openEnv, { quick }) {
    const env = await openEnv();
    const issuer = env.dev.url;
    const client = env.newClient();
    const verifier = createVerifier({ issuer, logger: silentLogger });
    try {
      const rs256 = (await client.tokenProvider.getToken()).accessToken;
      const es256 = await clientCredentialsToken(client.zeroid);
      const jwksRes = await request(`${issuer}/.well-known/jwks.json`);
      const jwks = (await jwksRes.body.json()) as JSONWebKeySet;
      const keySet = createLocalJWKSet(jwks);
      const joseVerify = (token: string) => () => jwtVerify(token, keySet, { issuer, audience: issuer });
      const sdkVerify = (token: string) => () => verifier.verify(token);

      const checks: Check[] = [];
      for (const [alg, token] of [
        ["RS256", rs256],
        ["ES256", es256],
      ] as const) {
        const seen = decodeProtectedHeader(token).alg;
        const [sdkIdentity, joseResult] = [await sdkVerify(token)(), await joseVerify(token)()];
        checks.push({
          name: `${alg} token verified by both with the same subject`,
          ok: seen === alg && sdkIdentity.claims.sub === joseResult.payload.sub,
          detail: `alg ${seen}, sub ${sdkIdentity.claims.sub === joseResult.payload.sub ? "equal" : "differs"}`,
        });
      }

      // 2 000 verifications a round (~0.4 s): with 1 000, single rounds of the same code differed by ±15 %.
      const ops = quick ? 300 : 2000;
      const cases: BenchCase[] = [];
      for (const [alg, token] of [
        ["RS256 (api_key)", rs256],
        ["ES256 (client_credentials)", es256],
      ] as const) {
        cases.push(
          {
            name: `jose jwtVerify, ${alg}`,
            group: alg,
            baseline: true,
            opsPerUnit: 1,
            round: () => sequentialRound(ops, joseVerify(token)),
          },
          {
            name: `sdk verifier.verify, ${alg}`,
            group: alg,
            baseline: false,
            opsPerUnit: 1,
            round: () => sequentialRound(ops, sdkVerify(token)),
          },
        );
      }
      // Each verification waits on WebCrypto's thread pool, so single rounds swing by ±20 % on a busy machine:
      // 15 rounds give a steadier median (about 25 s in all).
      const results = await measure(cases, { warmup: 2, rounds: quick ? 5 : 15 });
      // Throughput ratio per round = jose time per verification / sdk time per verification.
      const ratios = ["RS256 (api_key)", "ES256 (client_credentials)"].map((alg) => {
        const jose = results.find((r) => r.group === alg && r.baseline)!;
        const sdk = results.find((r) => r.group === alg && !r.baseline)!;
        return pairedRatioResult(
          `verify() throughput, ${alg}: sdk / bare jose`,
          jose.samples,
          sdk.samples,
          VERIFY_TARGET,
        );
      });
      checks.push({
        name: "JWKS fetches by the sdk verifier",
        ok: verifier.jwksFetchCount === 1,
        detail: String(verifier.jwksFetchCount),
      });
      return { name: this.name, title: this.title, cases: results, checks, ratios };
    } finally {
      await verifier.close();
      await client.close();
    }
  },
};
