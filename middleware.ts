import type { NextRequest } from "next/server";
import { auth } from "@/auth";

export function middleware(request: NextRequest) {
  return auth.middleware(request);
}

// Node runtime: the Edge sandbox costs about a millisecond per request under `next start`.
// Every page (for its CSP nonce and the (protected) layout's return path), but not static files
// nor the API: /api/django/* checks the session in its route handler, and only a path with a "%"
// comes here, because Next answers 500 to one it cannot percent-decode (we answer 400).
export const config = {
  runtime: "nodejs",
  matcher: [
    "/((?!api/|_next/static/|_next/image|icon\\.svg$|favicon\\.ico$|robots\\.txt$).*)",
    "/api/django/:path(.*%.*)",
  ],
};
