// What your team changes. The engine (lib/engine/) reads its settings from here only: change a
// value here, never a file inside the engine. Most default to an environment variable (see
// .env.example), so one build serves every deployment; write a literal to fix one everywhere.
import { defineAuthConfig } from "@/lib/engine/config";
import { env } from "@/lib/engine/config-from-env.mjs";

export const authConfig = defineAuthConfig({
  django: {
    /** simplejwt's views, relative to DJANGO_API_URL. Defaults: token/, token/refresh/, token/blacklist/. */
    tokenPath: env.DJANGO_TOKEN_PATH,
    refreshPath: env.DJANGO_REFRESH_PATH,
    blacklistPath: env.DJANGO_BLACKLIST_PATH,
    /** The signed-in user's profile, e.g. "me/"; unset: the username from sign-in only. */
    userPath: env.DJANGO_USER_PATH,
    /** The field your token view expects beside `password`. Default: username. */
    usernameField: env.DJANGO_USERNAME_FIELD,
  },
  session: {
    /** Absolute lifetime from sign-in, 0 = off. Default: 30 days. */
    maxAgeS: env.AUTH_SESSION_MAX_AGE_S,
    /** Ends a session unused this long, 0 = off (default). Must outlast Django's access token. */
    idleTimeoutS: env.AUTH_IDLE_TIMEOUT_S,
    /** The warning dialog opens this long before either limit. Default: 120 s. */
    warningLeadS: env.AUTH_WARNING_LEAD_S,
    /** The session cookie's SameSite; "lax" lets links from other sites open signed-in pages. */
    sameSite: "lax",
  },
  refresh: {
    /** How long an older refresh token of the chain still yields the newest pair. Default: 30 s. */
    reuseWindowS: env.AUTH_REFRESH_REUSE_WINDOW_S,
    /** "revoke" (default): an old refresh token replayed outside the reuse rules ends the chain. */
    reuseDetection: env.AUTH_REUSE_DETECTION,
  },
  timeouts: {
    /** A server component's or Server Action's call to Django. */
    djangoCallMs: 10_000,
    /** How long a refresh caller waits; a rotation sent to Django is never abandoned. */
    refreshCallerWaitMs: 8_000,
    /** The proxy's wait for Django's response headers; the body then streams. */
    proxyResponseHeadersMs: 30_000,
  },
  /** Redis when REDIS_URL is set, else memory (one instance); or { kind: "custom", create }. */
  store: env.REDIS_URL ? { kind: "redis", url: env.REDIS_URL } : { kind: "memory" },
});
