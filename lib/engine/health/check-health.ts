import "server-only";
import { env } from "@/lib/engine/config-from-env.mjs";
import { logEvent } from "@/lib/engine/observability/log-event";
import { probeDjango } from "./probe-django";
import type { ProbeResult } from "./probe-result";
import { createRedisProbe, type EvictionRisk, type RedisProbe } from "./redis-probe";

/**
 * The whole body of GET /api/health: states only, nothing internal. `store` is what coordinates
 * refreshes and `storeShared` whether other instances see it; `redisEviction` (with Redis only)
 * warns that Redis may drop our records, which signs users out. A warning, not a 503.
 */
export type HealthReport = {
  status: "ok" | "unavailable";
  django: "ok" | "unavailable";
  redis: "ok" | "unavailable" | "not_configured";
  store: "redis" | "memory";
  storeShared: boolean;
  redisEviction?: EvictionRisk;
};

export type HealthCheckDeps = { djangoApiUrl: string; redis: RedisProbe | null; timeoutMs: number };

/** Concurrent calls share one check, so a burst of probes costs Django and Redis one each. */
export function createHealthCheck(deps: HealthCheckDeps): () => Promise<HealthReport> {
  let inFlight: Promise<HealthReport> | null = null;
  let hasWarnedOfEviction = false;

  async function check(): Promise<HealthReport> {
    const [django, redis] = await Promise.all([
      probeDjango(deps.djangoApiUrl, deps.timeoutMs),
      deps.redis?.ping() ?? null,
    ]);
    const eviction = redis?.ok ? await deps.redis?.readEvictionRisk() : undefined;
    const report: HealthReport = {
      status: django.ok && (redis?.ok ?? true) ? "ok" : "unavailable",
      django: django.ok ? "ok" : "unavailable",
      redis: redis === null ? "not_configured" : redis.ok ? "ok" : "unavailable",
      store: deps.redis ? "redis" : "memory",
      storeShared: deps.redis !== null,
      ...(eviction ? { redisEviction: eviction } : {}),
    };
    if (eviction === "may_evict" && !hasWarnedOfEviction) {
      hasWarnedOfEviction = true; // Once per process: probes run every few seconds.
      logEvent({ event: "health.redis_may_evict", fix: "CONFIG SET maxmemory-policy noeviction" });
    }
    logFailure("django", django);
    if (redis) logFailure("redis", redis);
    return report;
  }

  return () => {
    inFlight ??= check().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

function logFailure(part: "django" | "redis", result: ProbeResult) {
  if (!result.ok)
    logEvent({ event: "health.unavailable", part, reason: result.reason, status: result.status });
}

/** Short enough for a readiness probe with a 3 s timeout, long enough for a busy Django. */
const PROBE_TIMEOUT_MS = 2_000;

// One check (and one Redis client) per process, shared by every route bundle that loads this.
const globalKey = Symbol.for("next-django-simplejwt.health-check");
const globalStore = globalThis as typeof globalThis & { [globalKey]?: () => Promise<HealthReport> };

export function checkHealth(): Promise<HealthReport> {
  globalStore[globalKey] ??= createHealthCheck({
    djangoApiUrl: env.DJANGO_API_URL,
    redis: env.REDIS_URL ? createRedisProbe(env.REDIS_URL, PROBE_TIMEOUT_MS / 2) : null,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return globalStore[globalKey]();
}
