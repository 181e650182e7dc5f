import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/engine/auth/auth-options";
import { isAppError } from "@/lib/engine/errors";
import { readBoundedBody } from "@/lib/engine/http/read-bounded-body";
import { enginePart } from "@/lib/engine/instance";

/** `/api/auth/[...nextauth]`: next-auth v4 with the credentials provider that signs in at Django. */
function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  return enginePart("next-auth-handler", () => NextAuth(authOptions()))(request, context);
}

/** A sign-in form (csrf token, username, password, callback URL) or a sign-out is well under 1 kB. */
export const MAX_NEXT_AUTH_BODY_BYTES = 16 * 1024;

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth reads the whole body whatever its size: read it here under a cap, then hand it on. */
async function POST(request: NextRequest, context: RouteContext) {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBoundedBody(request, MAX_NEXT_AUTH_BODY_BYTES);
  } catch (error) {
    if (isAppError(error)) return error.toResponse();
    throw error;
  }
  const bounded = new NextRequest(request.url, {
    method: "POST",
    headers: request.headers,
    body: body.byteLength > 0 ? body : undefined,
  });
  return handler(bounded, context);
}

export const nextAuthRoute = { GET: handler, POST };
