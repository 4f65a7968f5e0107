import type { Tenant } from "./types.js";

/** Trust domain of this local server's WIMSE/SPIFFE subjects. */
export const TRUST_DOMAIN = "highflame.local";

/** Characters allowed in one WIMSE path segment. */
export const WIMSE_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Builds `spiffe://{trust_domain}/{account}/{project}/{identity_type}/{external_id}`. */
export function wimseUri(tenant: Tenant, identityType: string, externalId: string): string {
  return `spiffe://${TRUST_DOMAIN}/${tenant.account_id}/${tenant.project_id}/${identityType}/${externalId}`;
}

/** Parsed parts of a WIMSE URI. */
export interface WimseParts extends Tenant {
  trust_domain: string;
  identity_type: string;
  external_id: string;
}

/** Parses a WIMSE URI; returns undefined when it is not `spiffe://domain/acct/proj/type/id` with valid segments. */
export function parseWimseUri(uri: string): WimseParts | undefined {
  if (typeof uri !== "string" || uri.length > 2048 || !uri.startsWith("spiffe://")) return undefined;
  const parts = uri.slice("spiffe://".length).split("/");
  if (parts.length !== 5) return undefined;
  const [trust_domain, account_id, project_id, identity_type, external_id] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (
    !trust_domain ||
    ![account_id, project_id, identity_type, external_id].every((s) => WIMSE_SEGMENT.test(s))
  ) {
    return undefined;
  }
  return { trust_domain, account_id, project_id, identity_type, external_id };
}
