// Redis must not evict the refresh records: every key has a TTL, so `volatile-*` policies drop
// them as readily as `allkeys-*`, and a lost record turns a stale cookie into a logout.
import { createClient } from "@redis/client";

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

/** Runs only when the app's env names REDIS_URL: the in-process store cannot lose records. */
export async function checkRedisEviction(ctx) {
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
