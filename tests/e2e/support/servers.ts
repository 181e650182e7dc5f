import { shouldTestWithRedis } from "../../support/redis-server";

/**
 * Where the end-to-end suite runs its own Django and its own `next start`. E2E_PORT_OFFSET moves
 * every port at once, so two checkouts can run their suites side by side.
 */
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const DJANGO_PORT = 8765 + OFFSET;
export const APP_PORT = 3100 + OFFSET;
export const DJANGO_API_URL = `http://127.0.0.1:${DJANGO_PORT}/api`;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
/** Two more instances of the same build that share their refresh bookkeeping through Redis. */
export const WITH_REDIS = shouldTestWithRedis;
export const REDIS_PORT = 6391 + OFFSET;
export const SHARED_INSTANCE_URLS = [3101, 3102].map((port) => `http://127.0.0.1:${port + OFFSET}`);
/** Known to the tests so they can read the session cookie the way the server does. */
export const NEXTAUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-0123456";
/**
 * Short enough that every test sees its access token expire, long enough that a storm of 60
 * requests and their 60 retries (about 9 s on a loaded 2-core machine) fits in one lifetime.
 */
export const ACCESS_LIFETIME_S = 15;
/**
 * One more instance of the same build with short session limits (tests/e2e/session-*.spec.ts).
 * The idle timeout must outlast the access token (ACCESS_LIFETIME_S), the absolute limit the idle
 * one; the warning opens `warningLeadS` before either. The idle warning (20 s after sign-in) leaves
 * 20 s to answer it before the absolute limit's warning opens (40 s); with 10 s, a loaded machine
 * missed that window (a CI run of 2026-12-07).
 */
export const LIMITS_INSTANCE_URL = `http://127.0.0.1:${3103 + OFFSET}`;
export const SHORT_LIMITS = { maxAgeS: 60, idleTimeoutS: 40, warningLeadS: 20 } as const;
