import { z } from "zod";
import { opt } from "./common.js";

/** `POST /proof/generate` response. */
export const ProofTokenSchema = z.looseObject({
  proof_token: z.string(),
  token_type: opt(z.string()),
  expires_in: opt(z.number()),
});
/** A WIMSE proof token (ES256, 5 minutes, single use). */
export type ProofToken = z.infer<typeof ProofTokenSchema>;

/** `POST /proof/verify` response. */
export const ProofVerificationSchema = z.looseObject({ valid: z.boolean(), subject: opt(z.string()) });
/** Whether a proof was valid, and for whom. */
export type ProofVerification = z.infer<typeof ProofVerificationSchema>;

/** Body of `proofs.generate`. */
export interface GenerateProofParams {
  /** Required. */
  identity_id: string;
  /** Required. */
  audience: string;
  nonce?: string;
}

/** Body of `proofs.verify`. */
export interface VerifyProofParams {
  /** Required. */
  proof_token: string;
  /** Required. */
  audience: string;
}
