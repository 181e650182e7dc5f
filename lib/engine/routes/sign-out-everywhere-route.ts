import { NextResponse, type NextRequest } from "next/server";
import { engineConfig } from "@/lib/engine/instance";
import { signOutEverywhere } from "@/lib/engine/auth/sign-out-everywhere";
import { sessionExpiredResponse } from "@/lib/engine/auth/refresh-response";
import { errorResponse, isAppError, NO_STORE } from "@/lib/engine/errors";
import { isFromAnotherSite } from "@/lib/engine/http/same-origin";
import { clearSessionCookie, readSessionCookie } from "@/lib/engine/session/session-cookie";

/**
 * `POST /api/auth/sign-out-everywhere` (only with DJANGO_LOGOUT_ALL_PATH): `200
 * {"status":"signed_out_everywhere"}` and the cookie cleared; every other browser's next refresh
 * gets 401 from Django. `401 session_expired` (cookie cleared), `503 upstream_unavailable` (kept).
 */
async function POST(request: NextRequest) {
  if (!engineConfig().django.logoutAllPath) return errorResponse("not_found");
  if (isFromAnotherSite(request)) return errorResponse("forbidden_origin");
  const session = await readSessionCookie(request.cookies);
  if (!session) return sessionExpiredResponse(request.cookies);
  let result;
  try {
    result = await signOutEverywhere(session);
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.warn("[auth] sign-out everywhere failed", error);
    return errorResponse("upstream_unavailable");
  }
  if (result === "upstream_unavailable") return errorResponse("upstream_unavailable");
  if (result === "session_expired") return sessionExpiredResponse(request.cookies);
  const response = NextResponse.json({ status: "signed_out_everywhere" }, { headers: NO_STORE });
  clearSessionCookie(response, request.cookies);
  return response;
}

export const signOutEverywhereRoute = { POST };
