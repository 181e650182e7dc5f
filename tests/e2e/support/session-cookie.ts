import type { BrowserContext, Cookie } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { NEXTAUTH_SECRET } from "./servers";

export const SESSION_COOKIE = "next-auth.session-token";

export type SessionPayload = {
  accessToken: string;
  refreshToken: string;
  accessExpires: number;
  refreshExpires: number;
  signedInAt?: number;
  refreshedAt?: number;
  user: { id: string; username: string; email?: string; name?: string };
};

const CHUNK = new RegExp(`^${SESSION_COOKIE.replaceAll(".", "\\.")}\\.(\\d+)$`);

/** The session's cookies in this context: the whole cookie, or its chunks `.0`, `.1`, … in order. */
export async function sessionCookies(context: BrowserContext): Promise<Cookie[]> {
  const cookies = await context.cookies();
  const whole = cookies.filter(({ name }) => name === SESSION_COOKIE);
  const chunks = cookies
    .filter(({ name }) => CHUNK.test(name))
    .sort((a, b) => Number(CHUNK.exec(a.name)?.[1]) - Number(CHUNK.exec(b.name)?.[1]));
  return [...whole, ...chunks];
}

/** Reads the encrypted session cookie as the server does (the test knows the secret). */
export async function readSession(context: BrowserContext): Promise<SessionPayload> {
  const pieces = await sessionCookies(context);
  if (pieces.length === 0) throw new Error("no session cookie in this browser context");
  const whole = pieces.find(({ name }) => name === SESSION_COOKIE);
  const token = whole ? whole.value : pieces.map(({ value }) => value).join("");
  const payload = await decode({ token, secret: NEXTAUTH_SECRET });
  if (!payload) throw new Error("the session cookie could not be decoded");
  return payload as unknown as SessionPayload;
}

/** Waits until the session's access token has expired: the observable state, not a fixed sleep. */
export async function waitForAccessExpiry(context: BrowserContext): Promise<void> {
  const { accessExpires } = await readSession(context);
  const remaining = accessExpires - Date.now();
  // The exp claim has one-second resolution; Django compares with its own clock.
  if (remaining > -1000) await new Promise((resolve) => setTimeout(resolve, remaining + 1000));
}
