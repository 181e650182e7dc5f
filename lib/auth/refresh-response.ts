import "server-only";
import { NextResponse } from "next/server";
import { errorResponse, NO_STORE } from "@/lib/errors";
import type { SessionRefresh } from "@/lib/auth/server-refresh";
import {
  clearSessionCookie,
  writeSessionCookie,
  type CookieJar,
} from "@/lib/session/session-cookie";

/** The wire form of a refresh: `{status, accessExpires, refreshExpires}` and the new cookie, or `{error}`. */
export async function toRefreshResponse(
  result: SessionRefresh,
  requestCookies: CookieJar,
): Promise<NextResponse> {
  if (!result.ok && result.error === "upstream_unavailable")
    return errorResponse("upstream_unavailable");
  if (!result.ok) return sessionExpiredResponse(requestCookies);
  const response = NextResponse.json(
    {
      status: result.status,
      accessExpires: result.session.accessExpires,
      refreshExpires: result.session.refreshExpires,
    },
    { headers: NO_STORE },
  );
  if (result.status !== "fresh") await writeSessionCookie(response, result.session, requestCookies);
  return response;
}

export function sessionExpiredResponse(requestCookies: CookieJar): NextResponse {
  const response = errorResponse("session_expired");
  clearSessionCookie(response, requestCookies);
  return response;
}
