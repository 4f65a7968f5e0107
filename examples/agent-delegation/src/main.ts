/**
 * Example: an orchestrator agent delegates to a sub-agent with ZeroID.
 *
 * The sub-agent holds a P-256 key; it signs a short-lived actor assertion, and the orchestrator exchanges its own
 * token for one the sub-agent can use (RFC 8693). Scopes are narrowed to what both may hold, `act.sub` names the
 * orchestrator and `delegation_depth` counts the hops. Revoking the orchestrator's token revokes the delegated one.
 */

import { connect, type ExampleOptions, runIfEntry } from "@highflame/example-support";
import { generateAgentKeyPair, ZeroIDError } from "@highflame/sdk/zeroid";

/** What the example observed. */
export interface AgentDelegationResult {
  orchestrator: string;
  delegated: { sub: string; actSub: string | undefined; depth: number | undefined; scopes: string[] };
  /** `session()` of the delegated token after the orchestrator's token was revoked. */
  afterParentRevoked: string;
  /** Local `verify()` of the same token (signatures do not change on revocation). */
  localVerifyAfterRevoke: string;
}

/** Runs the example against the server in `options` (or `HIGHFLAME_*`). */
export async function main(options: ExampleOptions = {}): Promise<AgentDelegationResult> {
  const log = options.log ?? console.log;
  const client = connect(options);
  try {
    const zeroid = client.zeroid; // shares the client's token cache and connection pool
    const run = Date.now().toString(36);
    const workerKeys = await generateAgentKeyPair(); // the private key never leaves the sub-agent
    const policy = await zeroid.credentialPolicies.create({
      name: `summariser-${run}`,
      allowed_scopes: ["docs:read"],
      max_delegation_depth: 1,
    });
    const { identity: orchestrator, api_key } = await zeroid.agents.register({
      name: "Planner",
      external_id: `planner-${run}`,
      sub_type: "orchestrator",
      created_by: "user-42",
    });
    const { identity: worker } = await zeroid.agents.register({
      name: "Summariser",
      external_id: `summariser-${run}`,
      created_by: "user-42",
      public_key_pem: workerKeys.publicKeyPem,
      credential_policy_id: policy.id,
    });
    log(`orchestrator ${orchestrator.wimse_uri}`);
    log(`sub-agent    ${worker.wimse_uri} (P-256 key registered, policy allows docs:read)`);

    const parent = await zeroid.tokens.issueApiKey(api_key, {
      scope: ["docs:read", "docs:write", "email:send"],
    });
    const actorToken = await zeroid.tokens.createActorAssertion({
      privateKey: workerKeys.privateKey,
      wimseUri: worker.wimse_uri!,
      ttlSeconds: 60,
    });
    const child = await zeroid.tokens.issueTokenExchange(parent.access_token, actorToken, {
      scope: "docs:read email:send",
    });
    const delegated = await zeroid.tokens.verify(child.access_token);
    log(`delegated token: sub ${delegated.sub}`);
    log(
      `  act.sub ${delegated.delegatedBy()}, depth ${delegated.delegation_depth}, scopes ${delegated.scopes.join(" ")}`,
    );
    log(`  requested "docs:read email:send": email:send was dropped (the sub-agent may not hold it)`);

    await zeroid.tokens.revoke(parent.access_token);
    let afterParentRevoked = "active";
    try {
      await zeroid.tokens.session(child.access_token);
    } catch (error) {
      if (!(error instanceof ZeroIDError)) throw error;
      afterParentRevoked = error.code ?? error.name;
    }
    await zeroid.tokens.verify(child.access_token);
    log(`after revoking the orchestrator's token: session() → ${afterParentRevoked}; verify() still passes`);
    log("  (revocation cascades to descendants; only introspection can see it before the token expires)");
    return {
      orchestrator: orchestrator.wimse_uri ?? "",
      delegated: {
        sub: delegated.sub,
        actSub: delegated.delegatedBy() ?? undefined,
        depth: delegated.delegation_depth ?? undefined,
        scopes: [...delegated.scopes],
      },
      afterParentRevoked,
      localVerifyAfterRevoke: "passes",
    };
  } finally {
    await client.close();
  }
}

runIfEntry(import.meta.url, () => main());
