import type { RequestOptions } from "@highflame/core";
import type { ShieldContext } from "../context.js";
import { validateRequest } from "../validate.js";
import { type DetectRequest, DetectRequestSchema } from "../wire/guard-request.js";
import {
  type DebugPoliciesResponse,
  DebugPoliciesResponseSchema,
  type DetectorListResponse,
  type DetectResponse,
  DetectResponseSchema,
  type HealthResponse,
  HealthResponseSchema,
} from "../wire/other-responses.js";
import { TolerantDetectorListSchema } from "../wire-extras.js";

/** `client.detect`: detection without policy evaluation (shadow mode, custom logic on raw scores). */
export class DetectResource {
  readonly #ctx: ShieldContext;
  /** @internal Created by the client; use `client.guard`, `client.detect`, … */
  constructor(ctx: ShieldContext) {
    this.#ctx = ctx;
  }

  /**
   * `POST /v1/detect`. Requires `content` and `content_type`; validated before sending.
   *
   * @example
   * const { signals } = await client.detect.run({ content: text, content_type: "prompt" });
   */
  async run(request: DetectRequest, options: RequestOptions = {}): Promise<DetectResponse> {
    const body = validateRequest(DetectRequestSchema, request, "detect request");
    return this.#ctx.http.request(
      { method: "POST", path: this.#ctx.path("/detect"), body, ...options },
      DetectResponseSchema,
    );
  }
}

/** `client.detectors`: the detector catalogue. */
export class DetectorsResource {
  readonly #ctx: ShieldContext;
  /** @internal Created by the client; use `client.guard`, `client.detect`, … */
  constructor(ctx: ShieldContext) {
    this.#ctx = ctx;
  }

  /** `GET /v1/detectors`: detectors with status and tier. A bare-array response is normalised. */
  async list(options: RequestOptions = {}): Promise<DetectorListResponse> {
    return this.#ctx.http.request(
      { method: "GET", path: this.#ctx.path("/detectors"), ...options },
      TolerantDetectorListSchema,
    );
  }
}

/** Options of {@link DebugResource.policies}. */
export interface DebugPoliciesOptions extends RequestOptions {
  /** Policy namespace. Default: the server's (`guardrails`). */
  product?: string | undefined;
}

/** `client.debug`: introspection. */
export class DebugResource {
  readonly #ctx: ShieldContext;
  /** @internal Created by the client; use `client.guard`, `client.detect`, … */
  constructor(ctx: ShieldContext) {
    this.#ctx = ctx;
  }

  /**
   * `GET /v1/debug/policies?product=…`: metadata of the Cedar policies loaded for a product namespace.
   * Accepts the product as a string or in the options.
   */
  async policies(
    product?: string | DebugPoliciesOptions,
    options: DebugPoliciesOptions = {},
  ): Promise<DebugPoliciesResponse> {
    const merged =
      typeof product === "object"
        ? { ...product, ...options }
        : { ...options, product: product ?? options.product };
    const { product: name, ...request } = merged;
    return this.#ctx.http.request(
      { method: "GET", path: this.#ctx.path("/debug/policies"), query: { product: name }, ...request },
      DebugPoliciesResponseSchema,
    );
  }
}

/** `GET /v1/health`. @internal */
export function fetchHealth(ctx: ShieldContext, options: RequestOptions = {}): Promise<HealthResponse> {
  return ctx.http.request({ method: "GET", path: ctx.path("/health"), ...options }, HealthResponseSchema);
}
