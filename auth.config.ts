// What your team changes: every setting of the engine, in one object that auth.ts builds the
// engine from and `npm run doctor` checks. Each one defaults to an environment variable
// (.env.example, docs/configuration.md), so one build serves every deployment; write a literal
// here to fix one everywhere. Never edit lib/engine/ to change a setting: an upgrade replaces it.
import { authConfigFromEnv, type AuthConfig } from "@/lib/engine/config";

// eslint-disable-next-line no-restricted-properties -- the one place the settings come in
const fromEnv = authConfigFromEnv(process.env);

export const authConfig: AuthConfig = {
  ...fromEnv,
  // django: apiUrl, tokenPath, refreshPath, blacklistPath, userPath (e.g. "me/"), logoutAllPath,
  //   usernameField (e.g. "email"): DJANGO_API_URL, DJANGO_*_PATH, DJANGO_USERNAME_FIELD.
  // session: maxAgeS, idleTimeoutS, warningLeadS: AUTH_SESSION_MAX_AGE_S, AUTH_IDLE_TIMEOUT_S,
  //   AUTH_WARNING_LEAD_S; secureCookie: an https NEXTAUTH_URL, or Vercel.
  session: {
    ...fromEnv.session,
    /** The session cookie's SameSite; "lax" lets links from other sites open signed-in pages. */
    sameSite: "lax",
  },
  // refresh: reuseWindowS, reuseDetection: AUTH_REFRESH_REUSE_WINDOW_S, AUTH_REUSE_DETECTION.
  // timeouts: djangoCallMs (10 s), refreshCallerWaitMs (8 s), proxyResponseHeadersMs (30 s),
  //   djangoKeepAliveMs (1 s: below your Django server's keep-alive; gunicorn's is 2 s).
  // store: Redis with REDIS_URL, else memory (one instance only); or your own RotationStore:
  //   { kind: "custom", create: () => new MyRotationStore() }.
  // secrets: NEXTAUTH_SECRET, NEXTAUTH_SECRET_PREVIOUS. deployment: NEXTAUTH_URL, NODE_ENV,
  //   AUTH_TRUSTED_PROXY_HOPS, INSTANCE_ID. metricsExport: OTEL_EXPORTER_OTLP_ENDPOINT.
};
