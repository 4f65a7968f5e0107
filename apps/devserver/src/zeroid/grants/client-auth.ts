import type { RequestContext } from "../../http/context.js";
import type { ZeroIDCore } from "../core.js";
import { OAuthError } from "../errors.js";
import type { OAuthClientRecord } from "../types.js";
import { secretEquals, sha256Hex } from "../util.js";
import type { PresentedClient } from "./request.js";

// RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. Bad escapes are the client's error (400).
function formDecode(value: string, what: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new OAuthError(
      400,
      "invalid_request",
      `the ${what} in the Basic credentials is not valid percent-encoding (RFC 6749 §2.3.1)`,
    );
  }
}

/** Reads client credentials from the body (`client_secret_post`) or `Authorization: Basic`; both ⇒ 400. */
export function presentedClient(ctx: RequestContext, body: Record<string, unknown>): PresentedClient {
  const auth = ctx.header("authorization");
  const bodyId = typeof body.client_id === "string" ? body.client_id : undefined;
  const bodySecret = typeof body.client_secret === "string" ? body.client_secret : undefined;
  if (auth && /^basic\s+/i.test(auth)) {
    if (bodyId !== undefined || bodySecret !== undefined) {
      throw new OAuthError(
        400,
        "invalid_request",
        "client credentials sent both in the body and in the header",
      );
    }
    const decoded = Buffer.from(auth.replace(/^basic\s+/i, ""), "base64").toString("utf8");
    const sep = decoded.indexOf(":");
    if (sep < 0) {
      throw new OAuthError(401, "invalid_client", "malformed Basic credentials", {
        "www-authenticate": 'Basic realm="zeroid"',
      });
    }
    return {
      clientId: formDecode(decoded.slice(0, sep), "client id"),
      clientSecret: formDecode(decoded.slice(sep + 1), "client secret"),
      basic: true,
    };
  }
  return { clientId: bodyId, clientSecret: bodySecret, basic: false };
}

/** Authenticates a presented client; 401 `invalid_client` when unknown, inactive or the secret is wrong. */
export function authenticateClient(core: ZeroIDCore, presented: PresentedClient): OAuthClientRecord {
  const headers: Record<string, string> = presented.basic
    ? { "www-authenticate": 'Basic realm="zeroid"' }
    : {};
  const fail = (msg: string) => new OAuthError(401, "invalid_client", msg, headers);
  if (!presented.clientId) throw fail("client_id is required");
  const client = core.store.clientByClientId(presented.clientId);
  if (!client?.is_active) throw fail("client authentication failed");
  if (client.client_type === "confidential") {
    if (!presented.clientSecret || !client.secret_hash) throw fail("client authentication failed");
    if (!secretEquals(sha256Hex(presented.clientSecret), client.secret_hash))
      throw fail("client authentication failed");
  }
  return client;
}
