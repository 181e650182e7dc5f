import { NextResponse, type NextRequest } from "next/server";
import { isFromAnotherSite, readSessionCookie, writeSessionCookie } from "@/lib/engine/diagnostics";
import { errorResponse, NO_STORE } from "@/lib/engine/server";

/**
 * Development only (a `.dev.ts` route is absent from production builds): swaps the session's access
 * token for one Django rejects, so the next request shows the 401 → one refresh → retry path.
 */
export async function POST(request: NextRequest) {
  if (isFromAnotherSite(request)) return errorResponse("forbidden_origin");
  const session = await readSessionCookie(request.cookies);
  if (!session) return errorResponse("unauthenticated");
  const accessExpires = Date.now() - 1000;
  const response = NextResponse.json({ accessExpires }, { headers: NO_STORE });
  await writeSessionCookie(
    response,
    {
      ...session,
      accessToken: "expired-by-developer",
      accessExpires,
    },
    request.cookies,
  );
  return response;
}
