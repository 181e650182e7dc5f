import type { NextRequest } from "next/server";
import { guardRequest } from "@/lib/auth/guard-request";

export function middleware(request: NextRequest) {
  return guardRequest(request);
}

export const config = {
  matcher: ["/dashboard/:path*", "/login", "/api/django/:path*"],
};
