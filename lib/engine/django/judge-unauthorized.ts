/**
 * The one rule for Django's 401, shared by the browser client, server components and Server
 * Actions. Browser-safe and import-free.
 */

/** simplejwt's 401 for a deactivated or deleted user: it refuses the user, not the token. */
const USER_REFUSED_CODES = new Set<unknown>(["user_inactive", "user_not_found"]);

/**
 * `end_session`: Django refuses the user, which no renewal can fix: sign out.
 * `renew`: the access token's fault: renew once, retry once.
 * `keep_session`: refused again with a renewed token, but not the user: report
 * `unauthenticated` and keep the session (an access-token fault at Django is not a logout).
 */
export type UnauthorizedVerdict = "end_session" | "renew" | "keep_session";

export function isUserRefused(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    USER_REFUSED_CODES.has((body as Record<string, unknown>).code)
  );
}

export function judgeUnauthorized(
  body: unknown,
  { hasRenewed }: { hasRenewed: boolean },
): UnauthorizedVerdict {
  if (isUserRefused(body)) return "end_session";
  return hasRenewed ? "keep_session" : "renew";
}
