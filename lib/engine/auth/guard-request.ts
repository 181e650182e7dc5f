import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/engine/errors";
import { toSafeCallbackPath } from "@/lib/engine/http/safe-redirect";
import {
  clearSessionCookie,
  hasSessionCookie,
  openSessionCookie,
} from "@/lib/engine/session/session-cookie";
import { isRefreshAlive } from "@/lib/engine/session/session-data";

/**
 * The session part of middleware.ts: /login sends a signed-in user on, an API path middleware sees
 * answers a missing session with 401. Pages are not checked here: app/(protected)/layout.tsx does
 * (lib/engine/auth/server-session.ts). It only decodes the cookie and NEVER refreshes.
 * `passOn` is the response that lets the request through (middleware adds headers to it).
 */
export async function guardRequest(
  request: NextRequest,
  passOn: () => NextResponse = () => NextResponse.next(),
): Promise<NextResponse> {
  // Next answers 500 to a route path it cannot percent-decode: refuse it here with a clean 400.
  if (!isDecodable(request.nextUrl.pathname)) return errorResponse("invalid_path");
  const { pathname, searchParams } = request.nextUrl;
  const isLogin = pathname === "/login";
  if (!isLogin && !pathname.startsWith("/api/")) return passOn();

  const { session, isSealedElsewhere } = await openSessionCookie(request.cookies);
  const isSignedIn = session !== null && isRefreshAlive(session);
  if (isLogin && isSignedIn) {
    const target = toSafeCallbackPath(searchParams.get("callbackUrl"), request.nextUrl.origin);
    return NextResponse.redirect(new URL(target, request.url));
  }
  if (isSignedIn) return passOn();
  const response = isLogin ? passOn() : errorResponse("unauthenticated");
  return withoutDeadCookie(request, response, isSealedElsewhere);
}

/**
 * A cookie (or chunks) that cannot be read any more is expired, so no stale piece lingers. One
 * sealed with a secret this instance does not hold is left: during a rolling secret change it may
 * be another instance's.
 */
export function withoutDeadCookie(
  request: NextRequest,
  response: NextResponse,
  isSealedElsewhere: boolean,
): NextResponse {
  if (!isSealedElsewhere && hasSessionCookie(request.cookies))
    clearSessionCookie(response, request.cookies);
  return response;
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
