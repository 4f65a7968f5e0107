import type { RequestOptions } from "@highflame/core";
import {
  type GenerateProofParams,
  type ProofToken,
  ProofTokenSchema,
  type ProofVerification,
  ProofVerificationSchema,
  type VerifyProofParams,
} from "../schemas/proofs.js";
import type { AdminApi } from "./admin-api.js";

/** Options of `proofs.generate`. */
export interface GenerateProofOptions extends RequestOptions {
  /**
   * The agent's own ES256 access token to authenticate with. Default: the client's token (from `apiKey` or
   * `tokenProvider`).
   */
  accessToken?: string | undefined;
}

/** WIMSE proof tokens on the singular `/proof/…` paths (the README's `/proofs/…` does not exist). */
export class Proofs {
  readonly #api: AdminApi;
  /** @internal */
  constructor(api: AdminApi) {
    this.#api = api;
  }

  /** `POST /proof/generate` → `{proof_token, token_type, expires_in}`. */
  async generate(body: GenerateProofParams, options: GenerateProofOptions = {}): Promise<ProofToken> {
    const { accessToken, ...rest } = options;
    const headers = accessToken ? { ...rest.headers, authorization: `Bearer ${accessToken}` } : rest.headers;
    return this.#api.call(
      { method: "POST", path: "/proof/generate", body, options: { ...rest, headers } },
      ProofTokenSchema,
    );
  }

  /** `POST /proof/verify` → `{valid, subject}`. Proofs are single use. */
  async verify(body: VerifyProofParams, options?: RequestOptions): Promise<ProofVerification> {
    return this.#api.call({ method: "POST", path: "/proof/verify", body, options }, ProofVerificationSchema);
  }
}
