import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/engine/errors";
import { isFromAnotherSite } from "@/lib/engine/http/same-origin";
import { refreshSession } from "@/lib/engine/auth/server-refresh";
import { readRefreshBody } from "@/lib/engine/auth/refresh-request";
import { sessionExpiredResponse, toRefreshResponse } from "@/lib/engine/auth/refresh-response";
import { openSessionCookie } from "@/lib/engine/session/session-cookie";

/** `POST /api/auth/refresh`: the one place that rotates tokens (see refresh/refresh-coordinator.ts). */
async function POST(request: NextRequest) {
  if (isFromAnotherSite(request)) return errorResponse("forbidden_origin");
  const body = await readRefreshBody(request);
  if (typeof body === "string") return errorResponse(body);
  const { session, isSealedElsewhere } = await openSessionCookie(request.cookies);
  // A cookie sealed with a secret this instance lacks may be another's (rolling secret change).
  if (!session && isSealedElsewhere) return errorResponse("session_expired");
  if (!session) return sessionExpiredResponse(request.cookies);
  return toRefreshResponse(await refreshSession(session, body), request.cookies);
}

export const refreshRoute = { POST };
