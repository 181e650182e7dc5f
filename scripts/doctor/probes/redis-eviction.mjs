// Redis must not evict the refresh records: every key has a TTL, so `volatile-*` policies drop
// them as readily as `allkeys-*`, and a lost record turns a stale cookie into a logout.
import { createClient, createCluster } from "@redis/client";

import { fail, ok, warn } from "../findings.mjs";

const TITLE = "Redis eviction";
const FIX =
  "set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction)";
const TIMEOUT_MS = 2_000;

/** The server's maxmemory-policy; null when CONFIG is refused (many managed Redis services). */
async function readPolicy(url) {
  const client = createClient({
    url,
    socket: { connectTimeout: TIMEOUT_MS, reconnectStrategy: false },
  });
  client.on("error", () => undefined); // connect() rejects with the same error.
  await client.connect();
  try {
    const reply = await client.configGet("maxmemory-policy").catch(() => null);
    return reply?.["maxmemory-policy"] || null;
  } finally {
    client.destroy();
  }
}

/** A cluster's state (CLUSTER INFO) and each master's maxmemory-policy (null: refused). */
async function readCluster(urls) {
  const first = new URL(urls[0]);
  const cluster = createCluster({
    rootNodes: urls.map((url) => ({ url })),
    defaults: {
      username: decodeURIComponent(first.username) || undefined,
      password: decodeURIComponent(first.password) || undefined,
      socket: {
        connectTimeout: TIMEOUT_MS,
        reconnectStrategy: false,
        tls: first.protocol === "rediss:",
      },
    },
  });
  cluster.on("error", () => undefined); // connect() rejects with the same error.
  await cluster.connect();
  try {
    const clients = await Promise.all(cluster.masters.map((master) => cluster.nodeClient(master)));
    const info = String(await clients[0].clusterInfo());
    const policies = await Promise.all(
      clients.map((client) =>
        client.configGet("maxmemory-policy").then(
          (reply) => reply["maxmemory-policy"] || null,
          () => null,
        ),
      ),
    );
    return { state: /cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown", policies };
  } finally {
    cluster.destroy();
  }
}

/** REDIS_CLUSTER_URLS: the cluster must be ok, and no master may evict. */
async function checkCluster(ctx, urls) {
  let cluster;
  try {
    cluster = await readCluster(urls);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = "check REDIS_CLUSTER_URLS";
    ctx.add(fail("redis_eviction", TITLE, `REDIS_CLUSTER_URLS does not answer (${reason})`, fix));
    return;
  }
  const { state, policies } = cluster;
  const masters = `${policies.length} masters`;
  if (state !== "ok") {
    const message = `the Redis Cluster's state is ${state} (${masters}): the chains on its missing slots cannot refresh`;
    ctx.add(fail("redis_eviction", TITLE, message, "fix the cluster: redis-cli --cluster check"));
    return;
  }
  const evicting = [...new Set(policies.filter((policy) => policy && policy !== "noeviction"))];
  if (evicting.length > 0) {
    const message = `cluster ok (${masters}), but maxmemory-policy ${evicting.join(", ")} may evict the refresh records under memory pressure: users with an older cookie are then signed out`;
    ctx.add(fail("redis_eviction", TITLE, message, `${FIX}, on every master`));
  } else if (policies.includes(null)) {
    const message = `cluster ok (${masters}); could not read maxmemory-policy on every master (CONFIG refused, as on many managed services)`;
    ctx.add(
      warn(
        "redis_eviction",
        TITLE,
        message,
        `make sure the service is configured with noeviction: ${FIX}`,
      ),
    );
  } else {
    ctx.add(
      ok("redis_eviction", TITLE, `cluster ok (${masters}), maxmemory-policy noeviction on each`),
    );
  }
}

/** Runs only when the app's env names a Redis store: the in-process store cannot lose records. */
export async function checkRedisEviction(ctx) {
  if (ctx.config.redisClusterUrls) return checkCluster(ctx, ctx.config.redisClusterUrls);
  const url = ctx.config.redisUrl;
  if (!url) return;
  let policy;
  try {
    policy = await readPolicy(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.add(
      fail("redis_eviction", TITLE, `REDIS_URL does not answer (${reason})`, "check REDIS_URL"),
    );
    return;
  }
  if (policy === "noeviction") {
    ctx.add(ok("redis_eviction", TITLE, "maxmemory-policy noeviction: no record is dropped"));
  } else if (policy === null) {
    ctx.add(
      warn(
        "redis_eviction",
        TITLE,
        "could not read maxmemory-policy (CONFIG refused, as on many managed services)",
        `make sure the service is configured with noeviction: ${FIX}`,
      ),
    );
  } else {
    ctx.add(
      fail(
        "redis_eviction",
        TITLE,
        `maxmemory-policy ${policy} may evict the refresh records under memory pressure: users with an older cookie are then signed out`,
        FIX,
      ),
    );
  }
}
