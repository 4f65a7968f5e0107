import type { RequestOptions } from "@highflame/core";
import { PolicyVerificationError } from "./errors.js";
import type { DebugResource } from "./resources/other.js";
import type { DebugPoliciesResponse } from "./wire/other-responses.js";

/** Options of `verifyPolicies()`. */
export interface VerifyPoliciesOptions extends RequestOptions {
  /** Policy namespace to check. Default `guardrails`. */
  product?: string | undefined;
  /** Policy ids that must be loaded. Default: none (at least one policy of any id). */
  require?: readonly string[] | undefined;
}

/**
 * Startup check: fetches `debug.policies` and throws {@link PolicyVerificationError} when no policy is loaded for
 * the product (a guard with no policies allows everything) or a required policy id is missing. Returns the
 * policy list when all is well. API errors (401, connection) propagate as they are.
 */
export async function verifyPolicies(
  debug: DebugResource,
  options: VerifyPoliciesOptions = {},
): Promise<DebugPoliciesResponse> {
  const { product = "guardrails", require = [], ...request } = options;
  const response = await debug.policies(product, request);
  if (response.policies.length === 0) {
    throw new PolicyVerificationError(
      `No Cedar policies are loaded for product "${product}": every guard call would be allowed. ` +
        `Check the project's policies in Highflame Studio (and accountId/projectId).`,
      { product },
    );
  }
  const loaded = new Set(response.policies.map((p) => p.id));
  const missing = require.filter((id) => !loaded.has(id));
  if (missing.length > 0) {
    throw new PolicyVerificationError(
      `Required policies not loaded for product "${product}": ${missing.join(", ")}`,
      { product, missing },
    );
  }
  return response;
}
