// @ts-check
const { PHASE_DEVELOPMENT_SERVER } = require("next/constants");

/** @type {(phase: string) => Promise<import("next").NextConfig>} */
module.exports = async (phase) => {
  // Validates every variable up front: a bad env fails `next dev` and `next build` by name
  // (auth.ts reads them the same way, and createDjangoAuth checks what it overrides).
  const { authConfigFromEnv } = await import("./lib/engine/config-from-env.mjs");
  const { deployment } = authConfigFromEnv(process.env);
  // HSTS only for an https origin: a development origin on http must stay reachable.
  const hsts = deployment.origin?.startsWith("https://")
    ? [{ key: "Strict-Transport-Security", value: "max-age=31536000" }]
    : [];
  return {
    // `*.dev.ts` routes (developer tools such as "expire the access token now") exist only in
    // `next dev`: a production build does not contain them at all.
    pageExtensions: phase === PHASE_DEVELOPMENT_SERVER ? ["dev.ts", "ts", "tsx"] : ["ts", "tsx"],
    poweredByHeader: false,
    // Django's URLs end in "/" (APPEND_SLASH): the proxy must pass "/api/django/me/" through as is.
    skipTrailingSlashRedirect: true,
    experimental: {
      // Streamed and cut off at the limit by Next (413): a Server Action's form is small.
      serverActions: { bodySizeLimit: "1mb" },
      // What Next buffers of a body for middleware.ts; the proxy's own cap (10 MB) for "%" paths.
      proxyClientMaxBodySize: "10mb",
    },
    async headers() {
      return [
        {
          source: "/:path*",
          headers: [
            { key: "X-Frame-Options", value: "DENY" },
            { key: "X-Content-Type-Options", value: "nosniff" },
            { key: "Referrer-Policy", value: "same-origin" },
            ...hsts,
          ],
        },
      ];
    },
  };
};
