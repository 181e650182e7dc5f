import "server-only";
import type { NextRequest } from "next/server";
import { env } from "@/lib/env.mjs";
import { AppError } from "@/lib/errors";
import { buildDjangoUrl } from "./django-url";

const PROXY_PREFIX = "/api/django/";
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 30_000;

// The browser's cookies and auth stay here: Django only sees the bearer token we add.
const FORWARDED_REQUEST_HEADERS = [
  "accept",
  "accept-language",
  "content-type",
  "content-length",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "x-requested-with",
];
// Hop-by-hop headers, Django's cookies, and what fetch already undid (compression, length).
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "set-cookie",
  "content-encoding",
  "content-length",
]);

/** Streams the request to `<DJANGO_API_URL>/<path>` with the user's access token; streams back. */
export async function proxyToDjango(request: NextRequest, accessToken: string): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  const url = buildDjangoUrl(env.DJANGO_API_URL, pathname.slice(PROXY_PREFIX.length), search);

  const headers = new Headers({ Authorization: `Bearer ${accessToken}` });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
  // Django's WSGI servers need Content-Length (they do not read chunked bodies), and it bounds size.
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  if (hasBody && Number.isNaN(length)) throw new AppError("length_required");
  if (hasBody && length > MAX_BODY_BYTES) throw new AppError("payload_too_large");

  let upstream: Response;
  try {
    upstream = await fetch(url, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      duplex: "half",
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    } as RequestInit);
  } catch (error) {
    console.warn(`[proxy] ${request.method} ${url.pathname}: Django unavailable`, error);
    throw new AppError("upstream_unavailable");
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders.set(name, value);
  });
  if (!responseHeaders.has("cache-control"))
    responseHeaders.set("cache-control", "private, no-store");
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}
