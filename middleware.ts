import type { NextRequest } from "next/server";
import { guardRequest } from "@/lib/engine/server";

export function middleware(request: NextRequest) {
  return guardRequest(request);
}

// Node runtime: the Edge sandbox costs about a millisecond per request under `next start`.
// /api/django/* checks the session in its route handler (one decode, not two); only a path with
// a "%" comes here, because Next answers 500 to one it cannot percent-decode (we answer 400).
// The page entries are lib/engine/auth/protected-paths.ts's list (Next needs a literal; a unit test checks).
export const config = {
  runtime: "nodejs",
  matcher: ["/dashboard/:path*", "/login", "/api/django/:path(.*%.*)"],
};
