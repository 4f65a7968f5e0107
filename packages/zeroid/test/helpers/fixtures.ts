/** Minimal server bodies for admin resources (shapes of spec §9). */
export const agent = (id = "agt_1") => ({
  id,
  account_id: "acme",
  project_id: "prod",
  name: "Planner",
  external_id: "planner-1",
  wimse_uri: "spiffe://zeroid.test/acme/prod/agent/planner-1",
  identity_type: "agent",
  sub_type: "orchestrator",
  trust_level: "unverified",
  status: "active",
  api_key_prefix: "zid_sk_abcdefgh",
  created_at: "2026-01-01T00:00:00Z",
  delegation_depth: 0,
});

export const identity = (id = "idn_1") => {
  const { api_key_prefix: _omit, ...rest } = agent(id);
  return { ...rest, allowed_scopes: [] as string[] };
};

export const credential = (id = "crd_1") => ({
  id,
  identity_id: "idn_1",
  account_id: "acme",
  project_id: "prod",
  jti: "jti-1",
  subject: "spiffe://zeroid.test/acme/prod/agent/planner-1",
  issued_at: "2026-01-01T00:00:00Z",
  expires_at: "2026-01-01T01:00:00Z",
  ttl_seconds: 3600,
  scopes: ["tools:run"],
  is_revoked: false,
  grant_type: "client_credentials",
  delegation_depth: 0,
});

export const tokenBody = (accessToken = "header.payload.sig") => ({
  access_token: accessToken,
  token_type: "Bearer",
  expires_in: 3600,
  scope: "tools:run",
  jti: "jti-1",
  iat: 1_700_000_000,
});

export const policy = (id = "pol_1") => ({
  id,
  account_id: "acme",
  project_id: "prod",
  name: "short",
  max_ttl_seconds: 600,
  allowed_grant_types: ["api_key"],
  max_delegation_depth: 1,
  is_active: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

export const oauthClient = (id = "cli_uuid") => ({
  id,
  client_id: "svc-a",
  name: "Service A",
  client_type: "confidential",
  grant_types: ["client_credentials"],
  scopes: ["tools:run"],
  is_active: true,
});

export const signal = (id = "sig_1", signal_type = "anomalous_behavior") => ({
  id,
  account_id: "acme",
  project_id: "prod",
  identity_id: "idn_1",
  signal_type,
  severity: "high",
  source: "guard",
  created_at: "2026-01-01T00:00:00Z",
});
