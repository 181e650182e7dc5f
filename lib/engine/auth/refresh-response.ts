import "server-only";
import { NextResponse } from "next/server";
import type { RefreshSuccessBody } from "@/lib/engine/contract";
import { errorResponse, NO_STORE } from "@/lib/engine/errors";
import type { SessionRefresh } from "@/lib/engine/auth/server-refresh";
import type { SessionEndReason } from "@/lib/engine/contract";
import { deadlinesOf } from "./configured-limits";
import { SessionTooLargeError } from "@/lib/engine/session/session-cookie-budget";
import { endOversizedSession } from "./refuse-oversized-session";
import {
  clearSessionCookie,
  writeSessionCookie,
  type CookieJar,
} from "@/lib/engine/session/session-cookie";

/**
 * The wire form of a refresh: `{status, accessExpires, refreshExpires, sessionEndsAt, idleEndsAt}`
 * and the new cookie, or `{error}` (401 with `reason` when a session limit or Django's refusal of
 * the user ended it).
 */
export async function toRefreshResponse(
  result: SessionRefresh,
  requestCookies: CookieJar,
): Promise<NextResponse> {
  if (!result.ok && result.error === "upstream_unavailable")
    return errorResponse("upstream_unavailable");
  if (!result.ok) return sessionExpiredResponse(requestCookies, result.reason);
  const body: RefreshSuccessBody = {
    status: result.status,
    accessExpires: result.session.accessExpires,
    refreshExpires: result.session.refreshExpires,
    ...deadlinesOf(result.session),
  };
  const response = NextResponse.json(body, { headers: NO_STORE });
  if (result.status === "fresh") return response;
  try {
    await writeSessionCookie(response, result.session, requestCookies);
  } catch (error) {
    if (!(error instanceof SessionTooLargeError)) throw error;
    await endOversizedSession(result.session, error);
    return sessionExpiredResponse(requestCookies, "session_too_large");
  }
  return response;
}

export function sessionExpiredResponse(
  requestCookies: CookieJar,
  reason?: SessionEndReason | "session_too_large",
): NextResponse {
  const response = reason
    ? NextResponse.json({ error: "session_expired", reason }, { status: 401, headers: NO_STORE })
    : errorResponse("session_expired");
  clearSessionCookie(response, requestCookies);
  return response;
}
