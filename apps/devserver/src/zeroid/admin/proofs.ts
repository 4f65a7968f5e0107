import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { sendJson } from "../../http/respond.js";
import { nowSeconds } from "../core.js";
import { InvalidTokenError, ProblemError } from "../errors.js";
import { verifyAccessToken } from "../tokens.js";
import { newId } from "../util.js";
import { wimseUri } from "../wimse.js";
import { type AdminRoute, adminBody, notFound } from "./common.js";

/** Lifetime of a WIMSE proof token: 5 minutes. */
export const PROOF_TTL_SECONDS = 300;
/** `token_type` reported for proof tokens. */
export const PROOF_TOKEN_TYPE = "wimse_proof";

const generateSchema = z.object({
  identity_id: z.string().min(1),
  audience: z.string().min(1),
  nonce: z.string().optional(),
});
const verifySchema = z.object({ proof_token: z.string().min(1), audience: z.string().min(1) });

/** `POST /proof/generate` and `/proof/verify` (spec §9.8). */
export const proofRoutes: AdminRoute[] = [
  {
    method: "POST",
    pattern: "/proof/generate",
    selfAuthenticated: true,
    async handler(req) {
      const { core } = req;
      const m = /^bearer\s+(\S+)$/i.exec((req.ctx.header("authorization") ?? "").trim());
      if (!m) throw new ProblemError(401, "an agent bearer token is required");
      let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
      try {
        claims = await verifyAccessToken(core, m[1]!);
      } catch (err) {
        if (err instanceof InvalidTokenError)
          throw new ProblemError(401, `invalid bearer token: ${err.reason}`);
        throw err;
      }
      if (decodeProtectedHeader(m[1]!).alg !== "ES256")
        throw new ProblemError(401, "an ES256 agent token is required");
      const body = adminBody(req, generateSchema);
      const tenant = { account_id: claims.account_id, project_id: claims.project_id };
      const identity = core.store.getInTenant(core.store.identities, body.identity_id, tenant);
      if (!identity) throw notFound("identity", body.identity_id);
      const subject = wimseUri(tenant, identity.identity_type, identity.external_id);
      if (subject !== claims.sub)
        throw new ProblemError(403, "the bearer token does not belong to this identity");
      const nonce = body.nonce ?? newId();
      if (core.store.usedNonces.has(nonce)) throw new ProblemError(409, "nonce has already been used");
      core.store.usedNonces.add(nonce);
      const iat = nowSeconds(core);
      const key = core.keys.signingKey("ES256");
      const proof = await new SignJWT({
        iss: core.issuer(),
        sub: subject,
        aud: [body.audience],
        iat,
        exp: iat + PROOF_TTL_SECONDS,
        jti: newId(),
        nonce,
        account_id: tenant.account_id,
        project_id: tenant.project_id,
      })
        .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
        .sign(key.privateKey);
      sendJson(req.ctx.res, 200, {
        proof_token: proof,
        token_type: PROOF_TOKEN_TYPE,
        expires_in: PROOF_TTL_SECONDS,
      });
    },
  },
  {
    method: "POST",
    pattern: "/proof/verify",
    selfAuthenticated: true,
    async handler(req) {
      const { core } = req;
      const body = adminBody(req, verifySchema);
      const invalid = (reason: string) =>
        sendJson(req.ctx.res, 200, { valid: false, subject: "", error: reason });
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(body.proof_token);
      } catch {
        return invalid("malformed proof token");
      }
      const key = typeof header.kid === "string" ? core.keys.find(header.kid) : undefined;
      if (header.alg !== "ES256" || !key || key.alg !== "ES256") return invalid("unknown signing key");
      try {
        const { payload } = await jwtVerify(body.proof_token, key.publicKey, {
          algorithms: ["ES256"],
          issuer: core.issuer(),
          audience: body.audience,
          currentDate: new Date(core.now()),
          clockTolerance: 0,
          requiredClaims: ["exp", "jti", "sub", "nonce"],
        });
        const jti = payload.jti as string;
        if (core.store.usedProofs.has(jti)) return invalid("proof token has already been used");
        core.store.usedProofs.add(jti);
        sendJson(req.ctx.res, 200, { valid: true, subject: payload.sub });
      } catch (err) {
        return invalid(err instanceof Error ? err.message : "invalid proof token");
      }
    },
  },
];
