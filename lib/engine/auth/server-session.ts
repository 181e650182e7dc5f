import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { REQUEST_PATH_HEADER } from "@/lib/engine/http/request-path";
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
 * For pages under app/(protected), whose layout calls it: a visitor with no session, or with a
 * refresh token past its expiry, goes to /login and afterwards back to the page asked for
 * (middleware.ts passes its path on). Never refreshes: a navigation with an expired access token
 * and a live refresh token renders, and the page recovers with one refresh.
 */
export async function requireBrowserSafeSession(): Promise<BrowserSafeSession> {
  const session = await getBrowserSafeSession();
  if (session && session.refreshExpires > Date.now()) return session;
  const asked = (await headers()).get(REQUEST_PATH_HEADER);
  // The header holds a path, so any base will do; a spoofed value still ends on this site.
  const back = toSafeCallbackPath(asked, "http://localhost");
  redirect(`/login?callbackUrl=${encodeURIComponent(back)}`);
}
