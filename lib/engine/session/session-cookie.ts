import type { NextResponse } from "next/server";
import { engineConfig } from "@/lib/engine/instance";
import { COOKIE_LIFETIME_S, sessionDataSchema, type SessionData } from "./session-data";
import {
  measureClaims,
  measureCookieHeader,
  SESSION_COOKIE_BUDGET,
  SessionTooLargeError,
} from "./session-cookie-budget";
import { encodeSessionJwt } from "./session-jwt";
import { openSessionJwt } from "./session-secrets";

/**
 * The cookie next-auth writes for us (its `cookies.sessionToken`), so sign-in, sign-out and our
 * refresh share one session. `__Host-` when secure (next-auth's own default is `__Secure-`): a
 * sibling subdomain can then neither plant nor shadow it, as it could with a `Path=/api` cookie.
 */
export function sessionCookieName(): string {
  return `${engineConfig().session.secureCookie ? "__Host-" : ""}next-auth.session-token`;
}

export function sessionCookieOptions() {
  const { sameSite, secureCookie } = engineConfig().session;
  return { httpOnly: true, sameSite, path: "/", secure: secureCookie } as const;
}

/** For next-auth's `cookies.sessionToken`, so next-auth and this module agree on every detail. */
export function sessionTokenCookie() {
  return { name: sessionCookieName(), options: sessionCookieOptions() };
}

/**
 * next-auth v4's chunk size: browsers drop a cookie over 4096 bytes (name, value and attributes),
 * and it reserves 163 for the rest. Above it the value goes into `<name>.0`, `<name>.1`, …
 */
export const CHUNK_SIZE = 4096 - 163;

/** More chunks than the budget can hold are never ours: the index is not even looked at. */
const MAX_CHUNKS = Math.ceil(SESSION_COOKIE_BUDGET / CHUNK_SIZE);

/** Request cookies as NextRequest.cookies and next/headers' cookies() expose them. */
export type CookieJar = { getAll(): { name: string; value: string }[] };
export type CookieToSet = { name: string; value: string };

/** The session cookie's own name or one of its chunks' (`<name>.0`, …): which, or null. */
function pieceOf(name: string): { index: number | null } | null {
  const whole = sessionCookieName();
  if (name === whole) return { index: null };
  if (!name.startsWith(`${whole}.`)) return null;
  const index = name.slice(whole.length + 1);
  return /^\d+$/.test(index) ? { index: Number(index) } : null;
}

/** Every cookie of the session in the request: the whole one and any chunks. */
function sessionCookieNames(jar: CookieJar): string[] {
  return jar
    .getAll()
    .map(({ name }) => name)
    .filter((name) => pieceOf(name) !== null);
}

export function hasSessionCookie(jar: CookieJar): boolean {
  return sessionCookieNames(jar).length > 0;
}

/**
 * The session cookie's value: whole, or its chunks in index order. Null if a chunk is missing or
 * the pieces pass the budget: such a set is cleared, before it grows into a 431 lockout.
 */
export function joinSessionCookie(jar: CookieJar): string | null {
  const pieces = jar.getAll().flatMap((cookie) => {
    const piece = pieceOf(cookie.name);
    return piece ? [{ ...cookie, ...piece }] : [];
  });
  if (measureCookieHeader(pieces) > SESSION_COOKIE_BUDGET) return null;
  const whole = pieces.find(({ index }) => index === null)?.value;
  if (whole) return whole;
  const chunks: string[] = [];
  for (const { index, value } of pieces) {
    if (index === null) continue;
    if (index >= MAX_CHUNKS) return null;
    chunks[index] = value;
  }
  if (chunks.length === 0) return null;
  for (let i = 0; i < chunks.length; i++) if (!chunks[i]) return null;
  return chunks.join("");
}

/** The cookies that store `value` exactly as next-auth would: one, or chunks `.0`, `.1`, … */
export function splitSessionCookie(value: string): CookieToSet[] {
  const name = sessionCookieName();
  if (value.length <= CHUNK_SIZE) return [{ name, value }];
  const cookies: CookieToSet[] = [];
  for (let i = 0; i * CHUNK_SIZE < value.length; i++) {
    cookies.push({
      name: `${name}.${i}`,
      value: value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
    });
  }
  return cookies;
}

/**
 * The session cookie opened: its session (null when absent or invalid), and whether it is a whole
 * encrypted cookie that no secret of ours opens: during a rolling deploy, maybe another
 * instance's, which this one must not clear.
 */
export type OpenedSessionCookie = { session: SessionData | null; isSealedElsewhere: boolean };

export async function openSessionCookie(jar: CookieJar): Promise<OpenedSessionCookie> {
  const token = joinSessionCookie(jar);
  if (!token) return { session: null, isSealedElsewhere: false };
  try {
    const { payload } = await openSessionJwt(token);
    const parsed = sessionDataSchema.safeParse(payload);
    return { session: parsed.success ? parsed.data : null, isSealedElsewhere: false };
  } catch (error) {
    // Tampered, or sealed with a secret this instance does not hold: no session here.
    if (!(error instanceof Error)) throw error;
    const code = (error as Error & { code?: unknown }).code;
    return { session: null, isSealedElsewhere: code === "ERR_JWE_DECRYPTION_FAILED" };
  }
}

/** Decodes the session cookie (next-auth's chunked form included); null when absent or invalid. */
export async function readSessionCookie(jar: CookieJar): Promise<SessionData | null> {
  return (await openSessionCookie(jar)).session;
}

/** Anything that sets response cookies: NextResponse's `cookies`, or next/headers' `cookies()`. */
export type CookieWriter = {
  set(
    name: string,
    value: string,
    options: ReturnType<typeof sessionCookieOptions> & { maxAge: number },
  ): unknown;
};
/** next/headers' `cookies()` where it may write (Server Action, Route Handler): reads and writes. */
export type CookieStore = CookieJar & CookieWriter;

const expiredOptions = () => ({ ...sessionCookieOptions(), maxAge: 0 });

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
  const pieces = await sealSessionCookie(session);
  const written = new Set(pieces.map(({ name }) => name));
  for (const name of sessionCookieNames(requestCookies)) {
    if (!written.has(name)) writer.set(name, "", expiredOptions());
  }
  for (const piece of pieces) {
    writer.set(piece.name, piece.value, { ...sessionCookieOptions(), maxAge: COOKIE_LIFETIME_S });
  }
}

/** Refuses (SessionTooLargeError) cookies that would pass the budget. */
export function assertWithinBudget(pieces: CookieToSet[], session: SessionData) {
  const cookieBytes = measureCookieHeader(pieces);
  if (cookieBytes <= SESSION_COOKIE_BUDGET) return;
  const claimBytes = measureClaims(session.accessToken) + measureClaims(session.refreshToken);
  throw new SessionTooLargeError(cookieBytes, claimBytes);
}

/** The cookies `session` would be written as; throws SessionTooLargeError past the budget. */
export async function sealSessionCookie(session: SessionData): Promise<CookieToSet[]> {
  const value = await encodeSessionJwt(
    { ...session, sub: session.user.id },
    engineConfig().secrets.current,
    COOKIE_LIFETIME_S,
  );
  const pieces = splitSessionCookie(value);
  assertWithinBudget(pieces, session);
  return pieces;
}

function clearSessionPieces(writer: CookieWriter, requestCookies: CookieJar) {
  const names = new Set([sessionCookieName(), ...sessionCookieNames(requestCookies)]);
  for (const name of names) writer.set(name, "", expiredOptions());
}
