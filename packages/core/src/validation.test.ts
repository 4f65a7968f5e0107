import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ResponseValidationError } from "./errors/client-errors.js";
import { parseResponse } from "./validation.js";

const schema = z.looseObject({
  id: z.string(),
  items: z.array(z.looseObject({ score: z.number() })),
});

describe("parseResponse", () => {
  it("keeps unknown fields with a loose schema", () => {
    const data = { id: "a", items: [{ score: 1, extra: true }], added_later: { x: 1 } };
    expect(parseResponse(schema, data)).toEqual(data);
  });

  it("names the offending nested field and carries requestId", () => {
    let error: unknown;
    try {
      parseResponse(schema, { id: "a", items: [{ score: 1 }, { score: "high" }] }, { requestId: "req-9" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResponseValidationError);
    const rve = error as ResponseValidationError;
    expect(rve.field).toBe("items.1.score");
    expect(rve.requestId).toBe("req-9");
    expect(rve.code).toBe("invalid_response");
    expect(rve.message).toContain('field "items.1.score"');
    expect(rve.message).toContain("req-9");
    expect(rve.cause).toBeInstanceOf(z.ZodError);
  });

  it("reports a root mismatch as the body", () => {
    expect(() => parseResponse(schema, "not an object", { what: "guard result" })).toThrow(
      /Unexpected guard result from server: body/,
    );
  });
});
