import { RequestValidationError } from "@highflame/core";
import type { ClientCredentials } from "./token-params.js";

/** Form fields and headers carrying OAuth client credentials. @internal */
export function clientAuth(credentials: Partial<ClientCredentials> | undefined): {
  form: Record<string, string | undefined>;
  headers: Record<string, string>;
} {
  if (!credentials?.clientId) {
    if (credentials?.clientSecret) {
      throw new RequestValidationError("clientSecret needs clientId", { field: "clientId" });
    }
    return { form: {}, headers: {} };
  }
  if (credentials.method === "basic") {
    const user = encodeURIComponent(credentials.clientId);
    const pass = encodeURIComponent(credentials.clientSecret ?? "");
    return {
      form: {},
      headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` },
    };
  }
  return { form: { client_id: credentials.clientId, client_secret: credentials.clientSecret }, headers: {} };
}
