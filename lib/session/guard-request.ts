import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/errors";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/http/safe-redirect";
import { readSessionCookie } from "./session-cookie";
import { isRefreshAlive } from "./session-data";

/**
 * Navigation check, run by middleware.ts. It only decodes the cookie and NEVER refreshes: an
 * expired access token with a live refresh token passes, and the page recovers with one refresh.
 */
export async function guardRequest(request: NextRequest): Promise<NextResponse> {
  const session = await readSessionCookie(request.cookies);
  const isSignedIn = session !== null && isRefreshAlive(session);
  const { pathname, search } = request.nextUrl;

  if (pathname === "/login") {
    return isSignedIn
      ? NextResponse.redirect(new URL(DEFAULT_AFTER_SIGN_IN, request.url))
      : NextResponse.next();
  }
  if (isSignedIn) return NextResponse.next();
  if (pathname.startsWith("/api/")) return errorResponse("unauthenticated");

  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(login);
}
