import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { readSessionCookie } from "./session-cookie";
import type { SessionUser } from "./session-data";

export type PublicSession = { user: SessionUser; accessExpires: number; refreshExpires: number };

/** The session as a server component may pass it to the browser: no tokens. */
export async function getPublicSession(): Promise<PublicSession | null> {
  const session = await readSessionCookie(await cookies());
  if (!session) return null;
  return {
    user: session.user,
    accessExpires: session.accessExpires,
    refreshExpires: session.refreshExpires,
  };
}

/** For pages behind middleware.ts: the cookie can only be missing if it vanished since. */
export async function requirePublicSession(pagePath: string): Promise<PublicSession> {
  const session = await getPublicSession();
  if (!session) redirect(`/login?callbackUrl=${encodeURIComponent(pagePath)}`);
  return session;
}
