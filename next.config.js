// @ts-check

/** @type {() => Promise<import("next").NextConfig>} */
module.exports = async () => {
  // Validates every variable up front: a bad env fails `next dev` and `next build` by name.
  await import("./lib/env.mjs");
  return {
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
