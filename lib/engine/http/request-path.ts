/**
 * Request header middleware.ts sets on every page request (replacing any the client sent): the
 * path and query asked for, so app/(protected)/layout.tsx can send a signed-out visitor to /login
 * and back here afterwards without knowing which pages it wraps.
 */
export const REQUEST_PATH_HEADER = "x-pathname";

/** The headers to forward: the client's, with REQUEST_PATH_HEADER set to the real request path. */
export function withRequestPath(headers: Headers, url: URL): Headers {
  const forwarded = new Headers(headers);
  forwarded.set(REQUEST_PATH_HEADER, url.pathname + url.search);
  return forwarded;
}
