import "server-only";
import { cookies } from "next/headers";
import type { DjangoCallOptions, DjangoOutcome } from "@/lib/engine/contract";
import { callDjangoWithToken } from "@/lib/engine/django/django-client";
import { failed } from "@/lib/engine/django/django-outcome";
import { endSessionChain, refreshSession } from "./server-refresh";
import { reportTokenUse } from "@/lib/engine/refresh/token-use";
import {
  clearSessionCookieFromStore,
  readSessionCookie,
  writeSessionCookieToStore,
  type CookieStore,
} from "@/lib/engine/session/session-cookie";
import { isRefreshAlive, type SessionData } from "@/lib/engine/session/session-data";

type Renewal = { session: SessionData } | { outcome: DjangoOutcome<never> };

/**
 * For Server Actions, which may write cookies: the same options and outcome as callDjango. A 401
 * (or an access token already past its expiry) runs the same single refresh as POST
 * /api/auth/refresh, writes the new cookie, and retries once; judgeUnauthorized decides the rest.
 * `session_expired`: the cookie is cleared, the client's followSession sends the user to /login.
 */
export async function callDjangoFromAction<T = unknown>(
  path: string,
  options: DjangoCallOptions<T> = {},
): Promise<DjangoOutcome<T>> {
  const store = await cookies();
  let session = await readSessionCookie(store);
  if (!session) return failed("session_expired");
  // Past its expiry (middleware lets actions through): Django would only refuse it.
  if (!isRefreshAlive(session)) {
    clearSessionCookieFromStore(store);
    return failed("session_expired");
  }
  let hasRenewed = false;
  if (session.accessExpires <= Date.now()) {
    const renewal = await renewSession(store, session, false);
    if ("outcome" in renewal) return renewal.outcome;
    ({ session } = renewal);
    hasRenewed = true;
  }
  // Only the cookie the browser sent proves a pair reached it; a renewal here may never arrive.
  if (!hasRenewed) reportTokenUse(session);
  let reply = await callDjangoWithToken(path, session.accessToken, options);
  if (reply.outcome.ok || reply.outcome.error !== "unauthenticated") return reply.outcome;
  if (!reply.isUserRefused && !hasRenewed) {
    const renewal = await renewSession(store, session, true);
    if ("outcome" in renewal) return renewal.outcome;
    ({ session } = renewal);
    reply = await callDjangoWithToken(path, session.accessToken, options);
  }
  // Refused again with a renewed token: only a refusal of the user ends the session.
  if (reply.isUserRefused) return endRefusedUsersChain(store, session);
  return reply.outcome;
}

async function renewSession(
  store: CookieStore,
  session: SessionData,
  accessRejected: boolean,
): Promise<Renewal> {
  const result = await refreshSession(session, { accessRejected });
  if (result.ok) {
    if (result.status !== "fresh") await writeSessionCookieToStore(store, result.session);
    return { session: result.session };
  }
  if (result.error === "upstream_unavailable") return { outcome: failed("unavailable") };
  clearSessionCookieFromStore(store);
  return { outcome: failed("session_expired") };
}

/** Django refuses the user: end the chain as sign-out does, so no cookie of it works again. */
async function endRefusedUsersChain(store: CookieStore, session: SessionData) {
  try {
    await endSessionChain(session);
  } catch (error) {
    console.warn("[auth] action: could not end the refused user's chain at Django", error);
  }
  clearSessionCookieFromStore(store);
  return failed("session_expired");
}
