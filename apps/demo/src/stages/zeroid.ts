import { generateAgentKeyPair, ZeroIDError } from "@highflame/sdk/zeroid";
import { type Check, check, type Stage } from "./types.js";

/** `spiffe://…/agent/<name>`: the readable end of a WIMSE URI. */
function shortUri(uri: string | null | undefined): string {
  if (!uri) return "—";
  const match = /^(spiffe:\/\/)[^/]+\/.*?([^/]+\/[^/]+)$/.exec(uri);
  return match ? `${match[1]}…/${match[2]}` : uri;
}

async function sessionState(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "active";
  } catch (error) {
    if (error instanceof ZeroIDError) return error.code ?? error.name;
    throw error;
  }
}

/**
 * Stage 6: agent identity with ZeroID. An orchestrator delegates to a sub-agent (P-256 key, actor assertion,
 * RFC 8693 token exchange); the delegated token is verified locally and its claims travel with a guard call. A
 * high-severity CAE signal then revokes the sub-agent's credentials: introspection (`session()`) sees it at once,
 * local verification (`verify()`) cannot until the token expires.
 */
export const zeroidStage: Stage = {
  name: "zeroid",
  title: "ZeroID: delegation, claims as guard context, CAE revocation",
  async run({ client, report, expectations, runId }) {
    const zeroid = client.zeroid;
    const owner = "user-demo";
    const subAgentKeys = await generateAgentKeyPair();
    // The sub-agent may only ever hold data:read, whatever the orchestrator has.
    const policy = await zeroid.credentialPolicies.create({
      name: `researcher-policy-${runId}`,
      allowed_scopes: ["data:read"],
      max_delegation_depth: 2,
    });
    const { identity: orchestrator, api_key } = await zeroid.agents.register({
      name: "Orchestrator",
      external_id: `orchestrator-${runId}`,
      sub_type: "orchestrator",
      created_by: owner,
    });
    const { identity: researcher } = await zeroid.agents.register({
      name: "Researcher",
      external_id: `researcher-${runId}`,
      created_by: owner,
      public_key_pem: subAgentKeys.publicKeyPem,
      credential_policy_id: policy.id,
    });
    report.table(
      "Registered agents",
      ["agent", "id", "WIMSE URI", "key"],
      [
        [
          "orchestrator",
          orchestrator.id,
          shortUri(orchestrator.wimse_uri),
          "API key (shown once, kept in memory)",
        ],
        ["sub-agent", researcher.id, shortUri(researcher.wimse_uri), "P-256 public key registered"],
      ],
    );
    const parent = await zeroid.tokens.issueApiKey(api_key, {
      scope: ["data:read", "data:write", "tools:run"],
    });
    // The sub-agent proves who it is with a short-lived ES256 assertion signed by its own key.
    const actorToken = await zeroid.tokens.createActorAssertion({
      privateKey: subAgentKeys.privateKey,
      wimseUri: researcher.wimse_uri!,
      ttlSeconds: 120,
    });
    const child = await zeroid.tokens.issueTokenExchange(parent.access_token, actorToken, {
      scope: "data:read data:write",
    });
    const parentId = await zeroid.tokens.verify(parent.access_token);
    const delegated = await zeroid.tokens.verify(child.access_token); // local: JWKS cached, no introspection
    report.table(
      "Tokens (verified locally with the cached JWKS)",
      ["token", "sub", "act.sub", "depth", "scopes"],
      [
        [
          "orchestrator",
          shortUri(parentId.sub),
          parentId.act?.sub ?? "—",
          String(parentId.delegation_depth ?? 0),
          parentId.scopes.join(" "),
        ],
        [
          "delegated",
          shortUri(delegated.sub),
          shortUri(delegated.act?.sub),
          String(delegated.delegation_depth ?? 0),
          delegated.scopes.join(" "),
        ],
      ],
    );
    report.note(
      'requested "data:read data:write"; the sub-agent\'s policy narrowed it to what both may hold.',
    );
    // The delegated identity travels with the guard call, so policies and audit see who acts for whom.
    const guarded = await client.guard.evaluateToolCall(
      "search_docs",
      { query: "quarterly revenue" },
      {
        sessionId: `${delegated.sub}/${delegated.mission_id ?? runId}`,
        request: {
          metadata: {
            agent: delegated.sub,
            delegated_by: delegated.delegatedBy() ?? "",
            delegation_depth: delegated.delegation_depth ?? 0,
            scopes: delegated.scopes.join(" "),
            mission_id: delegated.mission_id ?? "",
          },
        },
      },
    );
    report.note(
      `guard.evaluateToolCall(search_docs) with the delegated claims as metadata → "${guarded.decision}"`,
    );
    const before = await sessionState(() => zeroid.tokens.session(child.access_token));
    const signal = await zeroid.signals.ingest({
      signal_type: "anomalous_behavior",
      severity: "high",
      source: "highflame-demo",
      identity_id: researcher.id,
      payload: { reason: "sub-agent read far more records than its mission needs" },
    });
    const after = await sessionState(() => zeroid.tokens.session(child.access_token));
    const local = await sessionState(() => zeroid.tokens.verify(child.access_token));
    const parentAfter = await sessionState(() => zeroid.tokens.session(parent.access_token));
    report.table(
      `After CAE signal ${signal.signal_type}/${signal.severity} on the sub-agent`,
      ["check", "delegated token", "how"],
      [
        ["session() before the signal", before, "introspection at ZeroID"],
        ["session() after the signal", after, "introspection at ZeroID: sees the revocation"],
        [
          "verify() after the signal",
          local === "active" ? "passes" : local,
          "local signature + claims: cannot see it",
        ],
        ["orchestrator session()", parentAfter, "only the flagged identity was revoked"],
      ],
    );
    report.note(
      "verify() checks the signature and claims offline; revocation does not change either, so a revoked",
    );
    report.note(
      "token still verifies until it expires. Use session() (introspection) before high-risk actions.",
    );
    const checks: Check[] = [
      check("delegated token: act.sub is the orchestrator", delegated.act?.sub, orchestrator.wimse_uri),
      check(
        "delegated token: delegation_depth",
        delegated.delegation_depth,
        expectations.zeroid.delegationDepth,
      ),
      check("delegated token: narrowed scopes", delegated.scopes, expectations.zeroid.delegatedScopes),
      check("guard call with delegated claims", guarded.decision, "allow"),
      check("session() before the signal", before, "active"),
      check("session() after the high-severity signal", after, "token_inactive"),
      check("local verify() after the signal still passes", local, "active"),
    ];
    return checks;
  },
};
