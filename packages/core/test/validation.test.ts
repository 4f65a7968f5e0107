import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ResponseValidationError } from "../src/index.js";
import { harness, rejectionOf } from "./helpers.js";

const h = harness();

const GuardResult = z.looseObject({
  decision: z.enum(["allow", "deny"]),
  scores: z.looseObject({ injection: z.number() }),
});

describe("client.request(spec, schema)", () => {
  it("keeps unknown fields with a loose schema", async () => {
    const server = await h.server();
    const body = { decision: "allow", scores: { injection: 0.1, new_score: 1 }, added_in_v2: [1, 2] };
    server.route("POST", "/guard", { body });
    const { client } = h.client(server);
    expect(await client.request({ method: "POST", path: "/guard" }, GuardResult)).toEqual(body);
  });

  it("a mismatch raises ResponseValidationError naming the field and carrying requestId; not retried", async () => {
    const server = await h.server();
    server.route("POST", "/guard", {
      headers: { "x-request-id": "req-bad-shape" },
      body: { decision: "allow", scores: { injection: "high" } },
    });
    const { client } = h.client(server);
    const error = (await rejectionOf(
      client.request({ method: "POST", path: "/guard" }, GuardResult),
    )) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.field).toBe("scores.injection");
    expect(error.requestId).toBe("req-bad-shape");
    expect(error.message).toContain("scores.injection");
    expect(error.message).toContain("req-bad-shape");
    expect(server.requests).toHaveLength(1);
  });
});
