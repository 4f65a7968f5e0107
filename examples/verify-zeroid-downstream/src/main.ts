/**
 * Example: a downstream service verifying ZeroID tokens.
 *
 * An agent is registered and gets tokens with different scopes; a small `node:http` service verifies each bearer
 * token locally with `createVerifier({ issuer })` (signature, `exp`, `iss`, `aud`, tenant claims) and checks the
 * scope. No call to ZeroID per request once the JWKS is cached.
 */
import { connect, type ExampleOptions, runIfEntry } from "@highflame/example-support";
import { startReportsService } from "./service.js";

/** Status and error code of one call to the service. */
export interface CallOutcome {
  status: number;
  error?: string;
}

/** What the example observed. */
export interface VerifyDownstreamResult {
  noToken: CallOutcome;
  withScope: CallOutcome;
  wrongScope: CallOutcome;
  tampered: CallOutcome;
  caller: string | undefined;
}

/** Runs the example against the server in `options` (or `HIGHFLAME_*`). */
export async function main(options: ExampleOptions = {}): Promise<VerifyDownstreamResult> {
  const log = options.log ?? console.log;
  const tokenUrl = options.tokenUrl ?? process.env.HIGHFLAME_TOKEN_URL;
  if (!tokenUrl?.endsWith("/oauth2/token")) {
    throw new Error(
      "Set HIGHFLAME_TOKEN_URL (or options.tokenUrl) to the ZeroID token endpoint (…/oauth2/token)",
    );
  }
  const issuer = tokenUrl.slice(0, -"/oauth2/token".length);
  const client = connect({ ...options, tokenUrl });
  const service = await startReportsService(issuer);
  try {
    const zeroid = client.zeroid;
    const { identity, api_key } = await zeroid.agents.register({
      name: "Reports reader",
      external_id: `reports-reader-${Date.now().toString(36)}`,
      created_by: "user-42",
    });
    log(`registered agent ${identity.wimse_uri}`);
    const good = await zeroid.tokens.issueApiKey(api_key, { scope: ["reports:read"] });
    const narrow = await zeroid.tokens.issueApiKey(api_key, { scope: ["profile:read"] });
    const call = async (authorization?: string): Promise<CallOutcome & { body: Record<string, unknown> }> => {
      const res = await fetch(`${service.url}/reports`, {
        headers: authorization ? { authorization } : {},
      });
      const body = (await res.json()) as Record<string, unknown>;
      return { status: res.status, body, ...(typeof body.error === "string" ? { error: body.error } : {}) };
    };
    const strip = ({ status, error }: CallOutcome): CallOutcome => (error ? { status, error } : { status });
    const noToken = await call();
    log(`no token              → ${noToken.status} ${noToken.error}`);
    const withScope = await call(`Bearer ${good.access_token}`);
    log(`reports:read token    → ${withScope.status} caller ${String(withScope.body.caller)}`);
    const wrongScope = await call(`Bearer ${narrow.access_token}`);
    log(`profile:read token    → ${wrongScope.status} ${wrongScope.error}`);
    const [h, p, s] = good.access_token.split(".");
    const forged = `${h}.${p}.${s!.startsWith("A") ? "B" : "A"}${s!.slice(1)}`;
    const tampered = await call(`Bearer ${forged}`);
    log(`tampered signature    → ${tampered.status} ${tampered.error}`);
    return {
      noToken: strip(noToken),
      withScope: strip(withScope),
      wrongScope: strip(wrongScope),
      tampered: strip(tampered),
      caller: typeof withScope.body.caller === "string" ? withScope.body.caller : undefined,
    };
  } finally {
    await service.close();
    await client.close();
  }
}

runIfEntry(import.meta.url, () => main());
