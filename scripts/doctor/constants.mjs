// Figures of the template the doctor measures Django against. Keep in step with their sources.

/** lib/engine/refresh/refresh-coordinator.ts: an access token with less left is refreshed anyway. */
export const ACCESS_LEEWAY_MS = 2_000;
/** lib/engine/auth/server-refresh.ts: a caller waits this long for Django's refresh, then gets 503. */
export const CALLER_WAIT_MS = 8_000;
/** next-auth v4 splits its session cookie into chunks above 4096 − 163 bytes. */
export const COOKIE_CHUNK_SIZE = 4096 - 163;
/** How many refreshes of one token --concurrency-check sends at once. */
export const CONCURRENT_REFRESHES = 5;
/** lib/engine/session/session-cookie-budget.ts: the session cookie's largest Cookie-header size. */
export const SESSION_COOKIE_BUDGET = 13 * 1024;
