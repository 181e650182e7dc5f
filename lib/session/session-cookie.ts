import { decode, encode } from "next-auth/jwt";
import type { NextResponse } from "next/server";
import { env } from "@/lib/env.mjs";
import { SESSION_MAX_AGE_S, sessionDataSchema, type SessionData } from "./session-data";

/** The cookie next-auth itself writes, so sign-in, sign-out and our refresh share one session. */
export const SESSION_COOKIE = `${env.useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;

const COOKIE_OPTIONS = {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: env.useSecureCookies,
} as const;

/** Request cookies as both NextRequest.cookies and next/headers' cookies() expose them. */
type CookieJar = { getAll(): { name: string; value: string }[] };

const chunkIndex = (name: string) => Number(name.slice(SESSION_COOKIE.length + 1));

/** Decodes the session cookie (next-auth's chunked form included); null when absent or invalid. */
export async function readSessionCookie(jar: CookieJar): Promise<SessionData | null> {
  const cookies = jar.getAll();
  const token =
    cookies.find(({ name }) => name === SESSION_COOKIE)?.value ??
    cookies
      .filter(({ name }) => name.startsWith(`${SESSION_COOKIE}.`))
      .sort((a, b) => chunkIndex(a.name) - chunkIndex(b.name))
      .map(({ value }) => value)
      .join("");
  if (!token) return null;
  try {
    const parsed = sessionDataSchema.safeParse(
      await decode({ token, secret: env.NEXTAUTH_SECRET }),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // Tampered, truncated, or sealed with another secret: no session.
  }
}

export async function writeSessionCookie(response: NextResponse, session: SessionData) {
  const value = await encode({
    token: { ...session, sub: session.user.id },
    secret: env.NEXTAUTH_SECRET,
    maxAge: SESSION_MAX_AGE_S,
  });
  response.cookies.set(SESSION_COOKIE, value, { ...COOKIE_OPTIONS, maxAge: SESSION_MAX_AGE_S });
}

export function clearSessionCookie(response: NextResponse) {
  response.cookies.set(SESSION_COOKIE, "", { ...COOKIE_OPTIONS, maxAge: 0 });
}
