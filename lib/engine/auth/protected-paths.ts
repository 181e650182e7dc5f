/**
 * The one list of signed-in-only URL prefixes. A page goes under `app/(protected)/`; if its URL
 * starts with a prefix not listed here, add the prefix here and to `config.matcher` in
 * middleware.ts (Next requires that matcher to be a literal; a unit test keeps the two equal).
 */
export const PROTECTED_PATHS = ["/dashboard"] as const;

/** middleware.ts's matcher entry for a protected prefix: the prefix and everything under it. */
export const toMatcher = (prefix: string) => `${prefix}/:path*`;

/**
 * Request header middleware sets on a protected page's request: the path and query the user asked
 * for, so a server component can send them back there after sign-in without spelling its URL.
 */
export const RETURN_PATH_HEADER = "x-return-path";
