// @ts-check
const { PHASE_DEVELOPMENT_SERVER } = require("next/constants");

/** @type {(phase: string) => Promise<import("next").NextConfig>} */
module.exports = async (phase) => {
  // Validates every variable up front: a bad env fails `next dev` and `next build` by name.
  await import("./lib/env.mjs");
  return {
    // `*.dev.ts` routes (developer tools such as "expire the access token now") exist only in
    // `next dev`: a production build does not contain them at all.
    pageExtensions: phase === PHASE_DEVELOPMENT_SERVER ? ["dev.ts", "ts", "tsx"] : ["ts", "tsx"],
    poweredByHeader: false,
    // Django's URLs end in "/" (APPEND_SLASH): the proxy must pass "/api/django/me/" through as is.
    skipTrailingSlashRedirect: true,
    async headers() {
      return [
        {
          source: "/:path*",
          headers: [
            { key: "X-Frame-Options", value: "DENY" },
            { key: "X-Content-Type-Options", value: "nosniff" },
            { key: "Referrer-Policy", value: "same-origin" },
          ],
        },
      ];
    },
  };
};
