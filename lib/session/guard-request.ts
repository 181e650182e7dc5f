import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/errors";
import { toSafeCallbackPath } from "@/lib/http/safe-redirect";
import { clearSessionCookie, hasSessionCookie, readSessionCookie } from "./session-cookie";
import { isRefreshAlive } from "./session-data";

/**
 * Navigation check, run by middleware.ts. It only decodes the cookie and NEVER refreshes: an
 * expired access token with a live refresh token passes, and the page recovers with one refresh.
 */
export async function guardRequest(request: NextRequest): Promise<NextResponse> {
  // Next answers 500 to a route path it cannot percent-decode: refuse it here with a clean 400.
  if (!isDecodable(request.nextUrl.pathname)) return errorResponse("invalid_path");
  const session = await readSessionCookie(request.cookies);
  const isSignedIn = session !== null && isRefreshAlive(session);
  const { pathname, search, searchParams } = request.nextUrl;

  if (pathname === "/login") {
    if (!isSignedIn) return withoutDeadCookie(request, NextResponse.next());
    const target = toSafeCallbackPath(searchParams.get("callbackUrl"), request.nextUrl.origin);
    return NextResponse.redirect(new URL(target, request.url));
  }
  if (isSignedIn) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return withoutDeadCookie(request, errorResponse("unauthenticated"));
  }

  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", pathname + search);
  return withoutDeadCookie(request, NextResponse.redirect(login));
}

/** A cookie (or chunks) that cannot be read any more is expired, so no stale piece lingers. */
export function withoutDeadCookie(request: NextRequest, response: NextResponse): NextResponse {
  if (hasSessionCookie(request.cookies)) clearSessionCookie(response, request.cookies);
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
