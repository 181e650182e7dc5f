import type { NextRequest } from "next/server";
import { guardRequest } from "@/lib/auth/guard-request";

export function middleware(request: NextRequest) {
  return guardRequest(request);
}

// Next needs a literal matcher: its page entries are lib/auth/protected-paths.ts's list (a unit test checks).
export const config = {
  matcher: ["/dashboard/:path*", "/login", "/api/django/:path*"],
};
