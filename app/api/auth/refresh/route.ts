import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/errors";
import { isCrossSiteRequest } from "@/lib/http/same-origin";
import { refreshSession } from "@/lib/refresh/refresh-session";
import { readRefreshBody } from "@/lib/session/refresh-request";
import { sessionExpiredResponse, toRefreshResponse } from "@/lib/session/refresh-response";
import { readSessionCookie } from "@/lib/session/session-cookie";

/** The one place that rotates tokens. See lib/refresh/refresh-coordinator.ts. */
export async function POST(request: NextRequest) {
  if (isCrossSiteRequest(request)) return errorResponse("forbidden_origin");
  const body = await readRefreshBody(request);
  if (!body) return errorResponse("invalid_request");
  const session = await readSessionCookie(request.cookies);
  if (!session) return sessionExpiredResponse(request.cookies);
  return toRefreshResponse(await refreshSession(session, body), request.cookies);
}
