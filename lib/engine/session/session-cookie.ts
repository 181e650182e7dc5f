import type { NextResponse } from "next/server";
import { env } from "@/lib/env.mjs";
import { SESSION_MAX_AGE_S, sessionDataSchema, type SessionData } from "./session-data";
import { decodeSessionJwt, encodeSessionJwt } from "./session-jwt";

/** The cookie next-auth itself writes, so sign-in, sign-out and our refresh share one session. */
export const SESSION_COOKIE = `${env.useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;

export const SESSION_COOKIE_OPTIONS = {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: env.useSecureCookies,
} as const;

/** For next-auth's `cookies.sessionToken`, so next-auth and this module agree on every detail. */
export const sessionTokenCookie = { name: SESSION_COOKIE, options: SESSION_COOKIE_OPTIONS };

/**
 * next-auth v4's chunk size: browsers drop a cookie over 4096 bytes (name, value and attributes),
 * and it reserves 163 for the rest. Above it the value goes into `<name>.0`, `<name>.1`, …
 */
export const CHUNK_SIZE = 4096 - 163;

/** Request cookies as NextRequest.cookies and next/headers' cookies() expose them. */
export type CookieJar = { getAll(): { name: string; value: string }[] };
export type CookieToSet = { name: string; value: string };

const CHUNK_NAME = new RegExp(`^${SESSION_COOKIE.replaceAll(".", "\\.")}\\.(\\d+)$`);

/** Every cookie of the session in the request: the whole one and any chunks. */
function sessionCookieNames(jar: CookieJar): string[] {
  return jar
    .getAll()
    .map(({ name }) => name)
    .filter((name) => name === SESSION_COOKIE || CHUNK_NAME.test(name));
}

export function hasSessionCookie(jar: CookieJar): boolean {
  return sessionCookieNames(jar).length > 0;
}

/** The session cookie's value: whole, or its chunks in index order; null if a chunk is missing. */
export function joinSessionCookie(jar: CookieJar): string | null {
  const cookies = jar.getAll();
  const whole = cookies.find(({ name }) => name === SESSION_COOKIE)?.value;
  if (whole) return whole;
  const chunks: string[] = [];
  for (const { name, value } of cookies) {
    const index = CHUNK_NAME.exec(name)?.[1];
    if (index !== undefined) chunks[Number(index)] = value;
  }
  if (chunks.length === 0 || chunks.length > 64) return null;
  for (let i = 0; i < chunks.length; i++) if (!chunks[i]) return null;
  return chunks.join("");
}

/** The cookies that store `value` exactly as next-auth would: one, or chunks `.0`, `.1`, … */
export function splitSessionCookie(value: string): CookieToSet[] {
  if (value.length <= CHUNK_SIZE) return [{ name: SESSION_COOKIE, value }];
  const cookies: CookieToSet[] = [];
  for (let i = 0; i * CHUNK_SIZE < value.length; i++) {
    cookies.push({
      name: `${SESSION_COOKIE}.${i}`,
      value: value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
    });
  }
  return cookies;
}

/** Decodes the session cookie (next-auth's chunked form included); null when absent or invalid. */
export async function readSessionCookie(jar: CookieJar): Promise<SessionData | null> {
  const token = joinSessionCookie(jar);
  if (!token) return null;
  try {
    const parsed = sessionDataSchema.safeParse(await decodeSessionJwt(token, env.NEXTAUTH_SECRET));
    return parsed.success ? parsed.data : null;
  } catch (error) {
    // Tampered, truncated, or sealed with another secret: no session.
    if (error instanceof Error) return null;
    throw error;
  }
}

/** Anything that sets response cookies: NextResponse's `cookies`, or next/headers' `cookies()`. */
export type CookieWriter = {
  set(name: string, value: string, options: typeof EXPIRED_OPTIONS): unknown;
};
/** next/headers' `cookies()` where it may write (Server Action, Route Handler): reads and writes. */
export type CookieStore = CookieJar & CookieWriter;

const EXPIRED_OPTIONS = { ...SESSION_COOKIE_OPTIONS, maxAge: 0 };

/** Writes the session in the chunked form and expires every other piece the request carried. */
export async function writeSessionCookie(
  response: NextResponse,
  session: SessionData,
  requestCookies: CookieJar,
) {
  await writeSessionPieces(response.cookies, session, requestCookies);
}

/** writeSessionCookie for a Server Action: the same pieces, set through `await cookies()`. */
export async function writeSessionCookieToStore(store: CookieStore, session: SessionData) {
  await writeSessionPieces(store, session, store);
}

/** Expires the session cookie and every chunk of it the request carried. */
export function clearSessionCookie(response: NextResponse, requestCookies: CookieJar) {
  clearSessionPieces(response.cookies, requestCookies);
}

/** clearSessionCookie for a Server Action, through `await cookies()`. */
export function clearSessionCookieFromStore(store: CookieStore) {
  clearSessionPieces(store, store);
}

async function writeSessionPieces(
  writer: CookieWriter,
  session: SessionData,
  requestCookies: CookieJar,
) {
  const value = await encodeSessionJwt(
    { ...session, sub: session.user.id },
    env.NEXTAUTH_SECRET,
    SESSION_MAX_AGE_S,
  );
  const pieces = splitSessionCookie(value);
  const written = new Set(pieces.map(({ name }) => name));
  for (const name of sessionCookieNames(requestCookies)) {
    if (!written.has(name)) writer.set(name, "", EXPIRED_OPTIONS);
  }
  for (const piece of pieces) {
    writer.set(piece.name, piece.value, { ...SESSION_COOKIE_OPTIONS, maxAge: SESSION_MAX_AGE_S });
  }
}

function clearSessionPieces(writer: CookieWriter, requestCookies: CookieJar) {
  const names = new Set([SESSION_COOKIE, ...sessionCookieNames(requestCookies)]);
  for (const name of names) writer.set(name, "", EXPIRED_OPTIONS);
}
