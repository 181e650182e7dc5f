import { NextResponse, type NextRequest } from "next/server";
import type { SignOutStatus } from "@/lib/engine/contract";
import { endSessionChain } from "@/lib/engine/auth/server-refresh";
import { errorResponse, NO_STORE } from "@/lib/engine/errors";
import { isFromAnotherSite } from "@/lib/engine/http/same-origin";
import { clearSessionCookie, readSessionCookie } from "@/lib/engine/session/session-cookie";

/**
 * `POST /api/auth/sign-out`: ends the session's chain at Django, then clears the cookie, whatever
 * Django did. `200 {"status": "signed_out"}`, or `"signed_out_here_only"` when Django did not
 * confirm the end (logged as a security event): the user is told, instead of a silent success.
 */
async function POST(request: NextRequest) {
  if (isFromAnotherSite(request)) return errorResponse("forbidden_origin");
  const session = await readSessionCookie(request.cookies);
  const ended = session ? await endSessionChain(session) : "ended";
  const status: SignOutStatus = ended === "ended" ? "signed_out" : "signed_out_here_only";
  const response = NextResponse.json({ status }, { headers: NO_STORE });
  clearSessionCookie(response, request.cookies);
  return response;
}

export const signOutRoute = { POST };
