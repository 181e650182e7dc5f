import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { callDjango, type DjangoCallOptions } from "@/lib/engine/django/django-client";
import type { DjangoOutcome } from "@/lib/engine/django/django-outcome";
import { reportTokenUse } from "@/lib/engine/refresh/token-use";
import { refreshSession } from "./server-refresh";
import {
  clearSessionCookieFromStore,
  readSessionCookie,
  writeSessionCookieToStore,
  type CookieStore,
} from "@/lib/engine/session/session-cookie";
import { isRefreshAlive, type SessionData } from "@/lib/engine/session/session-data";

/**
 * A Server Action's outcome: Django's, or `session_expired` (the refresh token is dead, the
 * cookie is cleared: send the user to /login and back). `unauthenticated` here means Django
 * refused even a renewed token (a deactivated user): end the session.
 */
export type ActionOutcome<T> = DjangoOutcome<T> | { kind: "session_expired" };

type Renewal = { session: SessionData } | { outcome: ActionOutcome<never> };

/**
 * For Server Actions, which may write cookies: a 401 from Django (or an access token already
 * past its expiry) runs the same single refresh as POST /api/auth/refresh, writes the new
 * session cookie, and retries the call once. Concurrent actions and client refreshes share
 * one Django rotation through the coordinator.
 */
export async function callDjangoFromAction<T>(
  path: string,
  options: DjangoCallOptions & { schema: z.ZodType<T> },
): Promise<ActionOutcome<T>>;
export async function callDjangoFromAction(
  path: string,
  options?: DjangoCallOptions,
): Promise<ActionOutcome<unknown>>;
export async function callDjangoFromAction(
  path: string,
  { schema = z.unknown(), ...options }: DjangoCallOptions & { schema?: z.ZodType<unknown> } = {},
): Promise<ActionOutcome<unknown>> {
  const store = await cookies();
  let session = await readSessionCookie(store);
  if (!session) return { kind: "session_expired" };
  // Past its expiry (middleware lets actions through): Django would only refuse it.
  if (!isRefreshAlive(session)) {
    clearSessionCookieFromStore(store);
    return { kind: "session_expired" };
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
  const outcome = await callDjango(path, session.accessToken, { ...options, schema });
  if (outcome.kind !== "unauthenticated" || hasRenewed) return outcome;
  const renewal = await renewSession(store, session, true);
  if ("outcome" in renewal) return renewal.outcome;
  return callDjango(path, renewal.session.accessToken, { ...options, schema });
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
  if (result.error === "upstream_unavailable") return { outcome: { kind: "unavailable" } };
  clearSessionCookieFromStore(store);
  return { outcome: { kind: "session_expired" } };
}
