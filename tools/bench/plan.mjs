/** How much of each measurement a run does: the full benchmark, or --quick for CI. */
export const PLANS = {
  full: {
    latency: { rounds: 300, warmup: 30 },
    throughput: { concurrencies: [16, 64], sliceMs: 1_500, slices: 2 },
    middleware: { rounds: 300, warmup: 30 },
    storms: { sizes: [1, 10, 100], repeats: 5 },
    mix: { users: 12, tabs: 2, durationMs: 30_000 },
  },
  quick: {
    latency: { rounds: 10, warmup: 3 },
    throughput: { concurrencies: [16], sliceMs: 250, slices: 1 },
    middleware: { rounds: 10, warmup: 3 },
    storms: { sizes: [1, 10, 100], repeats: 1 },
    mix: { users: 6, tabs: 2, durationMs: 8_000 },
  },
};

// Long enough that the latency phase never sees an expiry. Phase 2: short enough that the
// storms wait only a moment and the mix sees several expiries per user, yet well above the
// mix's p99 on a loaded 2-core machine (seconds): a retry slower than the token's whole
// lifetime gets a 401 that no client could avoid (2 s gave exactly that).
export const LATENCY_ACCESS_LIFETIME_S = 3_600;
export const REFRESH_ACCESS_LIFETIME_S = 5;

export const NEXTAUTH_SECRET = "bench-secret-bench-secret-bench-secret-0123";

/** Ports, moved together by --port-offset like E2E_PORT_OFFSET moves the test servers. */
export function portsFor(offset) {
  return {
    django: 8765 + offset + 50,
    apps: [3100 + offset + 50, 3100 + offset + 51],
    redis: 6391 + offset + 50,
    // --load: three more instances behind a balancer, and a PostgreSQL of its own.
    loadApps: [3100 + offset + 61, 3100 + offset + 62, 3100 + offset + 63],
    balancer: 3100 + offset + 60,
    postgres: 15432 + offset + 50,
    // --load --cluster: six Redis Cluster nodes from here (their buses 10000 above).
    redisCluster: 7000 + offset + 50,
  };
}
