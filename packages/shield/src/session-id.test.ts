import { RequestValidationError } from "@highflame/core";
import { describe, expect, it } from "vitest";
import { MAX_SESSION_ID_LENGTH, scopedSessionId } from "./session-id.js";

describe("scopedSessionId", () => {
  it("joins tenant, user and conversation", () => {
    expect(scopedSessionId({ user: "u1", conversation: "c1" })).toBe("u:u1/c:c1");
    expect(scopedSessionId({ tenant: "acme", user: "u1", conversation: "c1" })).toBe("t:acme/u:u1/c:c1");
  });

  it("encodes parts so different scopes never collide", () => {
    const a = scopedSessionId({ user: "a/b", conversation: "c" });
    const b = scopedSessionId({ user: "a", conversation: "b/c" });
    expect(a).not.toBe(b);
  });

  it("shortens long ids to a stable hash without the raw parts", () => {
    const user = "someone@example.com".repeat(20);
    const id = scopedSessionId({ user, conversation: "c" });
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(id).toBe(scopedSessionId({ user, conversation: "c" }));
    expect(id.length).toBeLessThanOrEqual(MAX_SESSION_ID_LENGTH);
  });

  it("rejects empty parts, naming the field", () => {
    expect(() => scopedSessionId({ user: "", conversation: "c" })).toThrow(RequestValidationError);
    expect(() => scopedSessionId({ user: "u", conversation: " " })).toThrow(
      expect.objectContaining({ field: "conversation" }),
    );
  });
});
