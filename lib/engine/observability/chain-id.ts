import { createHash } from "node:crypto";

/**
 * A short, stable label for a refresh chain in logs. Digested again before shortening, so that
 * even a raw token passed here by mistake could not appear in a log line.
 */
export function shortChainId(chainKey: string): string {
  return createHash("sha256").update(chainKey).digest("base64url").slice(0, 12);
}
