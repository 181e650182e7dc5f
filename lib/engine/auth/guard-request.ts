import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/engine/errors";
import { RETURN_PATH_HEADER } from "@/lib/engine/auth/protected-paths";
import { toSafeCallbackPath } from "@/lib/engine/http/safe-redirect";
import {
  clearSessionCookie,
  hasSessionCookie,
  openSessionCookie,
} from "@/lib/engine/session/session-cookie";
import { isRefreshAlive } from "@/lib/engine/session/session-data";

/**
 * Navigation check, run by middleware.ts. It only decodes the cookie and NEVER refreshes: an
 * expired access token with a live refresh token passes, and the page recovers with one refresh.
 */
export async function guardRequest(request: NextRequest): Promise<NextResponse> {
  // Next answers 500 to a route path it cannot percent-decode: refuse it here with a clean 400.
  if (!isDecodable(request.nextUrl.pathname)) return errorResponse("invalid_path");
  const { session, isSealedElsewhere } = await openSessionCookie(request.cookies);
  const isSignedIn = session !== null && isRefreshAlive(session);
  const { pathname, search, searchParams } = request.nextUrl;
  // During a rolling secret change another instance may hold the secret of this cookie: leave it.
  const withoutDead = (response: NextResponse) =>
    isSealedElsewhere ? response : withoutDeadCookie(request, response);

  if (pathname === "/login") {
    if (!isSignedIn) return withoutDead(NextResponse.next());
    const target = toSafeCallbackPath(searchParams.get("callbackUrl"), request.nextUrl.origin);
    return NextResponse.redirect(new URL(target, request.url));
  }
  if (isSignedIn && pathname.startsWith("/api/")) return NextResponse.next();
  if (isSignedIn) return NextResponse.next({ request: { headers: withReturnPath(request) } });
  if (pathname.startsWith("/api/")) {
    return withoutDead(errorResponse("unauthenticated"));
  }

  // A Server Action answers a dead session itself (session_expired: the client goes to /login and
  // back); a redirect here would reach it as an HTML page it cannot read, and show an error page.
  if (request.method === "POST" && request.headers.has("next-action")) return NextResponse.next();

  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", pathname + search);
  return withoutDead(NextResponse.redirect(login));
}

/** The page's own path for lib/engine/auth/server-session.ts, should its cookie vanish before it renders. */
function withReturnPath(request: NextRequest): Headers {
  const headers = new Headers(request.headers);
  headers.set(RETURN_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return headers;
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
