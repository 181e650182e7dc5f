import "server-only";
import type { NextRequest } from "next/server";
import { engineConfig } from "@/lib/engine/instance";
import { afterDeadline } from "@/lib/engine/deadline";
import { AppError, type ErrorCode } from "@/lib/engine/errors";
import { recordProxyFailure } from "@/lib/engine/observability/record-auth-event";
import { createApiLinkRewriter } from "./api-links";
import { fetchFromDjango } from "./django-fetch";
import { buildDjangoUrl } from "./django-url";
import { toForwardableBody } from "./proxy-request-body";
import {
  PROXY_PREFIX,
  PROXY_RESPONSE_RULES,
  toProxyResponseHeaders,
} from "./proxy-response-headers";

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

/** Streams the request to `<django.apiUrl>/<path>` with the user's access token; streams back. */
export async function proxyToDjango(request: NextRequest, accessToken: string): Promise<Response> {
  const { django, timeouts } = engineConfig();
  const { pathname, search } = request.nextUrl;
  const url = buildDjangoUrl(django.apiUrl, pathname.slice(PROXY_PREFIX.length), search);
  const body = await toForwardableBody(request);

  const headers = new Headers({ Authorization: `Bearer ${accessToken}` });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (body === undefined) headers.delete("content-length");

  // The browser hanging up aborts Django's request too; the timer stops once headers arrive
  // (timeouts.proxyResponseHeadersMs: a long body stream after them is not cut).
  // (One controller and a listener: AbortSignal.any costs more per request on Node 20.)
  const abort = new AbortController();
  const onHangUp = () => abort.abort(request.signal.reason);
  if (request.signal.aborted) onHangUp();
  else request.signal.addEventListener("abort", onHangUp, { once: true });
  const stopTimer = afterDeadline(timeouts.proxyResponseHeadersMs, () =>
    abort.abort(new DOMException("Django sent no headers", "TimeoutError")),
  );
  const startedAt = performance.now();
  const reportFailure = (status: number | "network" | "timeout") =>
    recordProxyFailure({
      method: request.method,
      path: pathname,
      status,
      durationMs: performance.now() - startedAt,
    });
  let upstream: Response;
  try {
    upstream = await fetchFromDjango(url, {
      method: request.method,
      headers,
      body,
      duplex: "half",
      redirect: "manual",
      cache: "no-store",
      signal: abort.signal,
    } as RequestInit);
  } catch (error) {
    console.warn(`[proxy] ${request.method} ${url.pathname}: Django unavailable`, error);
    const isTimeout = (abort.signal.reason as Error | undefined)?.name === "TimeoutError";
    reportFailure(isTimeout ? "timeout" : "network");
    throw new AppError("upstream_unavailable");
  } finally {
    stopTimer();
  }

  if (upstream.status >= 500) {
    // A DEBUG page lists the request's headers, our bearer token included: never pass it on.
    console.warn(`[proxy] ${request.method} ${url.pathname}: Django answered ${upstream.status}`);
    reportFailure(upstream.status);
    await upstream.body?.cancel();
    return Response.json(
      { error: "upstream_error" satisfies ErrorCode, status: upstream.status },
      { status: upstream.status, headers: PROXY_RESPONSE_RULES },
    );
  }
  if (upstream.status >= 400 && isHtml(upstream)) {
    // Django's debug pages come with 4xx too (a 400 for too many form fields lists the request's
    // headers on Django 3.2, the access token among them; a 404 lists the URL patterns). An API's
    // errors are JSON: an HTML one is replaced, whatever it is.
    await upstream.body?.cancel();
    return Response.json(
      { detail: `Django answered ${upstream.status} with an HTML page, not passed on.` },
      { status: upstream.status, headers: PROXY_RESPONSE_RULES },
    );
  }
  return new Response(withProxyLinks(upstream, django.apiUrl), {
    status: upstream.status,
    headers: toProxyResponseHeaders(upstream.headers, url, django.apiUrl),
  });
}

const isHtml = (response: Response) =>
  /^(text\/html|application\/xhtml\+xml)\b/i.test(response.headers.get("content-type") ?? "");

/**
 * A JSON body streams through createApiLinkRewriter (DRF's `next` and `previous` then point at
 * the proxy, not at Django's internal origin); any other body streams as it is.
 */
function withProxyLinks(upstream: Response, apiUrl: string): ReadableStream<Uint8Array> | null {
  const type = upstream.headers.get("content-type") ?? "";
  if (!upstream.body || !/^application\/([\w.+-]+\+)?json\b/i.test(type)) return upstream.body;
  return upstream.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(createApiLinkRewriter(apiUrl))
    .pipeThrough(new TextEncoderStream());
}
