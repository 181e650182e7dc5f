import type { BrowserContext, Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { readSession, SESSION_COOKIE, type SessionPayload } from "../support/session-cookie";
import { APP_URL, NEXTAUTH_SECRET } from "../support/servers";

/** The session cookie as the browser holds it now: to save it, and to replay it later. */
export async function saveSessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find(({ name }) => name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie in this browser context");
  return cookie.value;
}

/** Puts a saved (or forged) session cookie back into the browser. */
export async function replaySessionCookie(context: BrowserContext, value: string, url: string) {
  await context.addCookies([{ name: SESSION_COOKIE, value, url, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * Rewrites the session as if its access token had expired: Django refuses the token (its
 * signature is broken) and the server's record says it is past its expiry. Saves a 15 s wait.
 */
export async function expireAccessToken(context: BrowserContext, url: string) {
  const session = await readSession(context);
  const token = session.accessToken;
  const broken = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
  await rewriteSession(context, url, {
    accessToken: broken,
    accessExpires: Date.now() - 60_000,
  });
}

export async function rewriteSession(
  context: BrowserContext,
  url: string,
  patch: Partial<SessionPayload> & Record<string, unknown>,
) {
  const session = (await readSession(context)) as SessionPayload & Record<string, unknown>;
  const value = await encode({
    token: { ...session, ...patch },
    secret: NEXTAUTH_SECRET,
    maxAge: 30 * 24 * 60 * 60,
  });
  await replaySessionCookie(context, value, url);
}

/** POST /api/auth/refresh as the page's own script would (same origin, the browser's cookies). */
export async function refreshFromPage(
  page: Page,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(async (payload) => {
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      ...(payload === undefined
        ? {}
        : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }, body);
}

/** Rotates the session once at Django: the access token is made to look expired first. */
export async function rotateOnce(page: Page, context: BrowserContext) {
  await expireAccessToken(context, APP_URL);
  const reply = await refreshFromPage(page);
  if (reply.status !== 200 || reply.body.status !== "refreshed")
    throw new Error(`expected a rotation, got ${reply.status} ${JSON.stringify(reply.body)}`);
}
