import type { NextRequest } from "next/server";
import { AppError, errorResponse } from "@/lib/engine/errors";
import { proxyToDjango } from "@/lib/engine/django/proxy-to-django";
import { isFromAnotherSite } from "@/lib/engine/http/same-origin";
import { withoutDeadCookie } from "@/lib/engine/auth/guard-request";
import { reportTokenUse } from "@/lib/engine/refresh/token-use";
import { openSessionCookie } from "@/lib/engine/session/session-cookie";
import { isRefreshAlive } from "@/lib/engine/session/session-data";

/**
 * `/api/django/<path>`: any method, any path under DJANGO_API_URL, with the session's access
 * token. Never refreshes. Another site may not even GET through it: a cross-site link carries
 * our Lax cookie.
 */
async function handler(request: NextRequest) {
  if (isFromAnotherSite(request)) return errorResponse("forbidden_origin");
  // The only session check on this path (middleware.ts skips it): same rules as the guard's.
  const { session, isSealedElsewhere } = await openSessionCookie(request.cookies);
  if (!session || !isRefreshAlive(session)) {
    return withoutDeadCookie(request, errorResponse("unauthenticated"), isSealedElsewhere);
  }
  reportTokenUse(session); // The cookie came from the browser: its pair reached it.
  try {
    return await proxyToDjango(request, session.accessToken);
  } catch (error) {
    if (error instanceof AppError) return error.toResponse();
    throw error;
  }
}

export const djangoProxyRoute = {
  GET: handler,
  POST: handler,
  PUT: handler,
  PATCH: handler,
  DELETE: handler,
};
