import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { readSessionCookie } from "@/lib/session/session-cookie";
import type { SessionUser } from "@/lib/session/session-data";

export type BrowserSafeSession = {
  user: SessionUser;
  accessExpires: number;
  refreshExpires: number;
};

/** The session as a server component may pass it to the browser: no tokens. */
export async function getBrowserSafeSession(): Promise<BrowserSafeSession | null> {
  const session = await readSessionCookie(await cookies());
  if (!session) return null;
  return {
    user: session.user,
    accessExpires: session.accessExpires,
    refreshExpires: session.refreshExpires,
  };
}

/** For pages behind middleware.ts: the cookie can only be missing if it vanished since. */
export async function requireBrowserSafeSession(pagePath: string): Promise<BrowserSafeSession> {
  const session = await getBrowserSafeSession();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(pagePath)}`);
  return session;
}
