import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { RETURN_PATH_HEADER } from "@/lib/engine/auth/protected-paths";
import { toSafeCallbackPath } from "@/lib/engine/http/safe-redirect";
import { readSessionCookie } from "@/lib/engine/session/session-cookie";
import type { SessionDeadlines } from "@/lib/engine/refresh/session-limits";
import type { SessionUser } from "@/lib/engine/session/session-data";
import { deadlinesOf } from "./configured-limits";

/** What a server component may hand to the browser: the user and the expiries, never a token. */
export type BrowserSafeSession = {
  user: SessionUser;
  accessExpires: number;
  refreshExpires: number;
} & SessionDeadlines;

/** The session without its tokens, or null when signed out. Read once per request. */
export const getBrowserSafeSession = cache(async (): Promise<BrowserSafeSession | null> => {
  const session = await readSessionCookie(await cookies());
  if (!session) return null;
  return {
    user: session.user,
    accessExpires: session.accessExpires,
    refreshExpires: session.refreshExpires,
    ...deadlinesOf(session),
  };
});

/**
 * For pages under app/(protected): middleware.ts already sent a signed-out visitor to /login, so
 * the cookie can only be missing if it vanished since; then back to /login, and afterwards to
 * the page the request asked for (middleware passed its path on).
 */
export async function requireBrowserSafeSession(): Promise<BrowserSafeSession> {
  const session = await getBrowserSafeSession();
  if (session) return session;
  const asked = (await headers()).get(RETURN_PATH_HEADER);
  // The header holds a path, so any base will do; a spoofed value still ends on this site.
  const back = toSafeCallbackPath(asked, "http://localhost");
  redirect(`/login?callbackUrl=${encodeURIComponent(back)}`);
}
