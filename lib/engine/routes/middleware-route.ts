import { NextResponse, type NextRequest } from "next/server";
import { engineConfig } from "@/lib/engine/instance";
import { guardRequest } from "@/lib/engine/auth/guard-request";
import { errorResponse } from "@/lib/engine/errors";
import { buildContentSecurityPolicy, createNonce } from "@/lib/engine/http/content-security-policy";
import { withRequestPath } from "@/lib/engine/http/request-path";

/** A page is read (GET, HEAD) or runs a Server Action (POST); nothing else reaches its render. */
const PAGE_METHODS = ["GET", "HEAD", "POST"];
/** next.config.js's `serverActions.bodySizeLimit` ("1mb"): keep the two equal. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;

/**
 * middleware.ts: on a page, refuse other methods (405) and large bodies (413), give the response
 * a fresh CSP nonce and the render its own path (for the (protected) layout); then the guard.
 */
export async function handleMiddleware(request: NextRequest): Promise<NextResponse> {
  if (request.nextUrl.pathname.startsWith("/api/")) return guardRequest(request);
  if (!PAGE_METHODS.includes(request.method)) {
    return new NextResponse(null, { status: 405, headers: { Allow: PAGE_METHODS.join(", ") } });
  }
  const tooBig = refuseOversizedBody(request);
  if (tooBig) return tooBig;
  const { origin, isDevelopment: isDev } = engineConfig().deployment;
  const isHttps = origin?.startsWith("https://") ?? false;
  const policy = buildContentSecurityPolicy({ nonce: createNonce(), isDev, isHttps });
  const headers = withRequestPath(request.headers, request.nextUrl);
  // Next reads the nonce from the request's policy and puts it on every script it renders.
  headers.set("content-security-policy", policy);
  const response = await guardRequest(request, () => NextResponse.next({ request: { headers } }));
  response.headers.set("content-security-policy", policy);
  return response;
}

/**
 * Next reads a body to its end before it runs a page's Server Action (it buffers up to 10 MB for
 * middleware, and waits for the rest): refuse a large one here, at once. Browsers send a Server
 * Action's body, and a form's, with a Content-Length: a chunked body to a page is 411.
 */
function refuseOversizedBody(request: NextRequest): NextResponse | null {
  if (request.method !== "POST") return null;
  const declared = request.headers.get("content-length");
  if (declared === null) {
    const isChunked = /chunked/i.test(request.headers.get("transfer-encoding") ?? "");
    return isChunked ? errorResponse("length_required") : null;
  }
  return Number(declared) > MAX_ACTION_BODY_BYTES ? errorResponse("payload_too_large") : null;
}
