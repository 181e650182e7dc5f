import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.mjs";
import { guardRequest } from "@/lib/engine/auth/guard-request";
import { buildContentSecurityPolicy, createNonce } from "@/lib/engine/http/content-security-policy";
import { withRequestPath } from "@/lib/engine/http/request-path";

/** A page is read (GET, HEAD) or runs a Server Action (POST); nothing else reaches its render. */
const PAGE_METHODS = ["GET", "HEAD", "POST"];

const isHttps = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
const isDev = env.NODE_ENV === "development";

/**
 * middleware.ts: on a page, refuse other methods with 405, give the response a fresh CSP nonce
 * and the render its own path (for the (protected) layout); then the session guard.
 */
export async function handleMiddleware(request: NextRequest): Promise<NextResponse> {
  if (request.nextUrl.pathname.startsWith("/api/")) return guardRequest(request);
  if (!PAGE_METHODS.includes(request.method)) {
    return new NextResponse(null, { status: 405, headers: { Allow: PAGE_METHODS.join(", ") } });
  }
  const policy = buildContentSecurityPolicy({ nonce: createNonce(), isDev, isHttps });
  const headers = withRequestPath(request.headers, request.nextUrl);
  // Next reads the nonce from the request's policy and puts it on every script it renders.
  headers.set("content-security-policy", policy);
  const response = await guardRequest(request, () => NextResponse.next({ request: { headers } }));
  response.headers.set("content-security-policy", policy);
  return response;
}
