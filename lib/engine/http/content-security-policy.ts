/**
 * A strict CSP for pages (https://web.dev/articles/strict-csp): scripts run only with this
 * response's nonce, and what they load inherits it ('strict-dynamic'), so an injected
 * `<script>` or `onerror=` does not run. Next puts the nonce on its own scripts when it finds it
 * in the request's Content-Security-Policy header. `next dev` needs eval for its overlay and
 * inline styles for hot reload; a production build needs neither.
 */
export function buildContentSecurityPolicy({
  nonce,
  isDev,
  isHttps,
}: {
  nonce: string;
  isDev: boolean;
  isHttps: boolean;
}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable, and new for every response. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
