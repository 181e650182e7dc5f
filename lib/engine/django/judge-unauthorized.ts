/**
 * The one rule for Django's 401, shared by the browser client, server components and Server
 * Actions. Browser-safe: the contract is its only import.
 */
import { readDjangoRefusal } from "@/lib/engine/contract";

/**
 * `end_session`: Django refuses the user, which no renewal can fix: sign out.
 * `renew`: the access token's fault: renew once, retry once.
 * `keep_session`: refused again with a renewed token, but not the user: report
 * `unauthenticated` and keep the session (an access-token fault at Django is not a logout).
 */
export type UnauthorizedVerdict = "end_session" | "renew" | "keep_session";

/** simplejwt's 401 for a deactivated, deleted or re-passworded user: it refuses the user, not the token. */
export function isUserRefused(body: unknown): boolean {
  return readDjangoRefusal(body) !== undefined;
}

export function judgeUnauthorized(
  body: unknown,
  { hasRenewed }: { hasRenewed: boolean },
): UnauthorizedVerdict {
  if (isUserRefused(body)) return "end_session";
  return hasRenewed ? "keep_session" : "renew";
}
