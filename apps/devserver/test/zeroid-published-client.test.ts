import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startZeroID } from "./zeroid-harness.js";

// What the published @highflame/sdk 0.3 client sends: metadata as a JSON string, the service key as admin Bearer.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const register = (metadata: unknown, headers?: Record<string, string>) =>
  h!.admin(
    "POST",
    "/agents/register",
    { name: "Planner", external_id: `p-${randomBytes(4).toString("hex")}`, created_by: "u1", metadata },
    headers,
  );

describe("agents.register metadata", () => {
  it("takes a string holding a JSON object and stores the object", async () => {
    h = await startZeroID();
    const res = await register(JSON.stringify({ team: "platform", tier: 2 }));
    expect(res.status).toBe(201);
    expect(res.body.identity.metadata).toEqual({ team: "platform", tier: 2 });
    const got = await h.admin("GET", `/agents/registry/${res.body.identity.id}`);
    expect(got.body.metadata).toEqual({ team: "platform", tier: 2 });
  });

  it("still takes an object, and rejects strings that are not a JSON object with 422", async () => {
    h = await startZeroID();
    expect((await register({ team: "x" })).status).toBe(201);
    expect((await register("not json")).status).toBe(422);
    expect((await register("[1,2]")).status).toBe(422);
  });
});

describe("admin auth with the service key as Bearer", () => {
  it("accepts a live zid_sk_ key of the same tenant, and not a revoked one or another tenant's", async () => {
    const adminKey = randomBytes(16).toString("hex");
    h = await startZeroID({ adminKey });
    const admin = { authorization: `Bearer ${adminKey}` };
    const created = await h.admin("POST", "/api-keys", { name: "ci", scopes: ["admin"] }, admin);
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key.startsWith("zid_sk_")).toBe(true);
    const asKey = { authorization: `Bearer ${key}` };

    expect((await h.admin("GET", "/identities", undefined, asKey)).status).toBe(200);
    const otherTenant = await h.admin("GET", "/identities", undefined, { ...asKey, "x-account-id": "other" });
    expect(otherTenant.status).toBe(401);
    const unknown = { authorization: `Bearer zid_sk_${randomBytes(16).toString("hex")}` };
    expect((await h.admin("GET", "/identities", undefined, unknown)).status).toBe(401);

    expect((await h.admin("POST", `/api-keys/${created.body.id}/revoke`, {}, admin)).status).toBe(200);
    expect((await h.admin("GET", "/identities", undefined, asKey)).status).toBe(401);
  });
});
