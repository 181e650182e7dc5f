import type { BrowserContext } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { NEXTAUTH_SECRET } from "./servers";

export const SESSION_COOKIE = "next-auth.session-token";

export type SessionPayload = {
  accessToken: string;
  refreshToken: string;
  accessExpires: number;
  refreshExpires: number;
};

/** Reads the encrypted session cookie as the server does (the test knows the secret). */
export async function readSession(context: BrowserContext): Promise<SessionPayload> {
  const cookie = (await context.cookies()).find(({ name }) => name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie in this browser context");
  const payload = await decode({ token: cookie.value, secret: NEXTAUTH_SECRET });
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
