import { randomBytes } from "node:crypto";

/** Prefixes of Highflame / ZeroID service keys accepted by {@link generateTestKey}. */
export type TestKeyPrefix = "hf_sk_" | "zid_sk_";

/**
 * A fresh random secret shaped like a service key: `<prefix>test_<32 random base64url chars>`.
 * Call it per test so no fixed, realistic-looking key ever lands in the repository.
 *
 * @param prefix - Key family. Default `"hf_sk_"`.
 */
export function generateTestKey(prefix: TestKeyPrefix = "hf_sk_"): string {
  return `${prefix}test_${randomBytes(24).toString("base64url")}`;
}
