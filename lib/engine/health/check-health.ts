import "server-only";
import { describeStore, type StoreSetting } from "@/lib/engine/config";
import { enginePart } from "@/lib/engine/instance";
import { logEvent } from "@/lib/engine/observability/log-event";
import { probeDjango } from "./probe-django";
import type { ProbeResult } from "./probe-result";
import {
  createRedisClusterProbe,
  createRedisProbe,
  type ClusterState,
  type EvictionRisk,
  type RedisProbe,
} from "./redis-probe";

/**
 * The whole body of GET /api/health: states only, nothing internal. `store` is what coordinates
 * refreshes and `storeShared` whether other instances see it; `redisEviction` (with Redis only)
 * warns that Redis may drop our records, which signs users out. A warning, not a 503.
 */
export type HealthReport = {
  status: "ok" | "unavailable";
  django: "ok" | "unavailable";
  redis: "ok" | "unavailable" | "not_configured";
  store: StoreSetting["kind"];
  storeShared: boolean;
  redisEviction?: EvictionRisk;
  /** A Redis Cluster only: its own state (`fail` also makes `redis` unavailable). */
  redisCluster?: ClusterState;
  /**
   * The in-process store only: `evicting` once it has dropped a session whose records still
   * mattered (that session's old cookies are no longer recognised as reuse, its end mark is
   * gone), `near_full` from 90 % of AUTH_MEMORY_STORE_MAX_SESSIONS.
   */
  memoryStore?: "ok" | "near_full" | "evicting";
};

/** What the in-process store reports of itself (MemoryRotationStore's `usage`). */
export type MemoryStoreUsage = { sessions: number; maxSessions: number; evictedLive: number };

export type HealthCheckDeps = {
  djangoApiUrl: string;
  store: StoreSetting["kind"];
  /** A probe of the Redis store; null for any other store. */
  redis: RedisProbe | null;
  timeoutMs: number;
  /** The in-process store's use; absent or null with any other store. */
  memoryStoreUsage?: () => MemoryStoreUsage | null;
};

/** Concurrent calls share one check, so a burst of probes costs Django and Redis one each. */
export function createHealthCheck(deps: HealthCheckDeps): () => Promise<HealthReport> {
  let inFlight: Promise<HealthReport> | null = null;
  let hasWarnedOfEviction = false;
  let warnedOfMemoryEvictions = 0;

  async function check(): Promise<HealthReport> {
    // A cluster's state is read beside its PING: a frozen node costs the check one wait, not two.
    const [django, redis, cluster] = await Promise.all([
      probeDjango(deps.djangoApiUrl, deps.timeoutMs),
      deps.redis?.ping() ?? null,
      deps.redis?.readClusterState?.(),
    ]);
    const eviction = redis?.ok ? await deps.redis?.readEvictionRisk() : undefined;
    const isRedisUp = redis === null || (redis.ok && cluster !== "fail");
    const report: HealthReport = {
      status: django.ok && isRedisUp ? "ok" : "unavailable",
      django: django.ok ? "ok" : "unavailable",
      redis: redis === null ? "not_configured" : isRedisUp ? "ok" : "unavailable",
      store: deps.store,
      storeShared: describeStore({ kind: deps.store }).isShared,
      ...(eviction ? { redisEviction: eviction } : {}),
      ...(cluster ? { redisCluster: cluster } : {}),
      ...memoryStoreState(),
    };
    if (eviction === "may_evict" && !hasWarnedOfEviction) {
      hasWarnedOfEviction = true; // Once per process: probes run every few seconds.
      logEvent({ event: "health.redis_may_evict", fix: "CONFIG SET maxmemory-policy noeviction" });
    }
    logFailure("django", django);
    if (redis) logFailure("redis", redis);
    if (cluster === "fail")
      logEvent({ event: "health.unavailable", part: "redis", reason: "cluster_fail" });
    return report;
  }

  function memoryStoreState(): Pick<HealthReport, "memoryStore"> {
    const usage = deps.memoryStoreUsage?.();
    if (!usage) return {};
    if (usage.evictedLive > warnedOfMemoryEvictions) {
      warnedOfMemoryEvictions = usage.evictedLive;
      logEvent({
        event: "health.memory_store_evicting",
        evictedSessions: usage.evictedLive,
        lost: "reuse detection and end marks of the evicted sessions",
        fix: "raise AUTH_MEMORY_STORE_MAX_SESSIONS or set REDIS_URL",
      });
    }
    if (usage.evictedLive > 0) return { memoryStore: "evicting" };
    return { memoryStore: usage.sessions >= usage.maxSessions * 0.9 ? "near_full" : "ok" };
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

/** The engine's check (with one Redis client), shared by every route bundle. */
export function checkHealth(
  memoryStoreUsage?: () => MemoryStoreUsage | null,
): Promise<HealthReport> {
  // The probe is a part of its own: a replaced engine closes its client (instance.ts).
  const redis = enginePart("health-redis-probe", ({ store }) =>
    store.kind === "redis"
      ? createRedisProbe(store.url, PROBE_TIMEOUT_MS / 2)
      : store.kind === "redis-cluster"
        ? createRedisClusterProbe(store.urls, PROBE_TIMEOUT_MS / 2)
        : null,
  );
  const check = enginePart("health-check", ({ django, store }) =>
    createHealthCheck({
      djangoApiUrl: django.apiUrl,
      store: store.kind,
      redis,
      timeoutMs: PROBE_TIMEOUT_MS,
      memoryStoreUsage,
    }),
  );
  return check();
}
