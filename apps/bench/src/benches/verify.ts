import { performance } from "node:perf_hooks";
import { createVerifier, type ZeroIDClient } from "@highflame/zeroid";
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from "jose";
import { request } from "undici";
import type { Benchmark } from "../benchmark.js";
import { silentLogger } from "../environment.js";
import { interleavedPairRound, summarize } from "../measure.js";
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

      // Per round and algorithm, 2 000 verifications each, jose's and the SDK's interleaved one by one: with
      // separate rounds per case, rounds of the same code differed by ±15 % (each verification waits on WebCrypto's
      // thread pool), which no number of rounds made small next to the 5 % the target allows.
      const ops = quick ? 300 : 2000;
      const rounds = quick ? 5 : 15;
      const algorithms = [
        ["RS256 (api_key)", rs256],
        ["ES256 (client_credentials)", es256],
      ] as const;
      const samples = algorithms.map(() => ({ jose: [] as number[], sdk: [] as number[] }));
      const stopAt = performance.now() + 120_000;
      for (let r = -2; r < rounds && (r < 1 || performance.now() < stopAt); r++) {
        // Two unmeasured rounds first; then the algorithms alternate which goes first.
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          const token = algorithms[i]![1];
          const [jose, sdk] = await interleavedPairRound(ops, joseVerify(token), sdkVerify(token));
          if (r < 0) continue;
          samples[i]!.jose.push(jose.ms);
          samples[i]!.sdk.push(sdk.ms);
        }
      }
      const results = summarize(
        algorithms.flatMap(([alg], i) => [
          {
            name: `jose jwtVerify, ${alg}`,
            group: alg,
            baseline: true,
            opsPerUnit: 1,
            samples: samples[i]!.jose,
          },
          {
            name: `sdk verifier.verify, ${alg}`,
            group: alg,
            baseline: false,
            opsPerUnit: 1,
            samples: samples[i]!.sdk,
          },
        ]),
      );
      // Throughput ratio per round = jose time per verification / sdk time per verification.
      const ratios = algorithms.map(([alg], i) =>
        pairedRatioResult(
          `verify() throughput, ${alg}: sdk / bare jose`,
          samples[i]!.jose,
          samples[i]!.sdk,
          VERIFY_TARGET,
        ),
      );
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
