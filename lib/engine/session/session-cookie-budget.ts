/**
 * Node answers 431 to a request whose headers pass 16 kB, before any code of ours runs: not even
 * /login or sign-out could then clear the cookie. So the session cookie stays under this budget,
 * which leaves 3 kB of the 16 for the request line, the browser's own headers (about 1 kB in
 * Chrome) and the site's other cookies. Vercel's limit is also 16 kB per header.
 */
export const SESSION_COOKIE_BUDGET = 13 * 1024;

/** A session whose cookie would pass the budget: refused, never written. */
export class SessionTooLargeError extends Error {
  readonly code = "session_too_large";

  constructor(
    /** Bytes the session's cookies would take in the Cookie header. */
    readonly cookieBytes: number,
    /** Bytes of claims (decoded JWT payloads) in Django's two tokens together. */
    readonly claimBytes: number,
  ) {
    super(
      `Django's tokens carry ${formatKb(claimBytes)} of claims, which would make a ` +
        `${formatKb(cookieBytes)} session cookie; this app keeps it under ` +
        `${formatKb(SESSION_COOKIE_BUDGET)} so that no browser request passes the server's 16 kB ` +
        "header limit. Ask the site's administrator to move custom claims out of the tokens in " +
        "Django (the TokenObtainPairSerializer's get_token) and serve them from an endpoint instead.",
    );
    this.name = "SessionTooLargeError";
  }
}

/** What cookies take in a request's Cookie header: `name=value`, joined by `; `. */
export function measureCookieHeader(cookies: { name: string; value: string }[]): number {
  const pairs = cookies.reduce((sum, { name, value }) => sum + name.length + 1 + value.length, 0);
  return pairs + Math.max(0, cookies.length - 1) * 2;
}

/** Bytes of a JWT's payload once decoded (0 for anything that is not a JWT). */
export function measureClaims(token: string): number {
  const payload = token.split(".")[1] ?? "";
  return Buffer.from(payload, "base64url").length;
}

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}
