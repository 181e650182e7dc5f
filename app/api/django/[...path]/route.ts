import type { NextRequest } from "next/server";
import { AppError, errorResponse } from "@/lib/errors";
import { proxyToDjango } from "@/lib/django/proxy-to-django";
import { isFromAnotherSite } from "@/lib/http/same-origin";
import { readSessionCookie } from "@/lib/session/session-cookie";

/**
 * Any method, any path under DJANGO_API_URL, with the session's access token. Never refreshes.
 * Another site may not even GET through it: a cross-site link carries our Lax cookie.
 */
async function handler(request: NextRequest) {
  if (isFromAnotherSite(request)) return errorResponse("forbidden_origin");
  const session = await readSessionCookie(request.cookies);
  if (!session) return errorResponse("unauthenticated");
  try {
    return await proxyToDjango(request, session.accessToken);
  } catch (error) {
    if (error instanceof AppError) return error.toResponse();
    throw error;
  }
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
