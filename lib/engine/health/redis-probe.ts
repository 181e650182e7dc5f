import { createClient } from "@redis/client";
import type { ProbeResult } from "./probe-result";

/**
 * Whether Redis may drop our keys under memory pressure. Every key of ours has a TTL, so the
 * `volatile-*` policies evict them as readily as `allkeys-*`: only `noeviction` is safe. A lost
 * record turns a stale cookie into a logout. `unknown`: CONFIG is refused (many managed Redis).
 */
export type EvictionRisk = "none" | "may_evict" | "unknown";

export type RedisProbe = {
  ping(): Promise<ProbeResult>;
  readEvictionRisk(): Promise<EvictionRisk>;
  close(): void;
};

export function toEvictionRisk(policy: unknown): EvictionRisk {
  if (typeof policy !== "string" || policy === "") return "unknown";
  return policy === "noeviction" ? "none" : "may_evict";
}

function openClient(url: string, timeoutMs: number) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: timeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
    },
  });
}

type Connection = {
  client: ReturnType<typeof openClient>;
  /** Settles on the first connection (the client retries until then); false once closed. */
  connected: Promise<boolean>;
};

/**
 * One long-lived client per probe: /api/health is public, and a connection per request would let
 * anyone open connections to Redis. While Redis is down the client reconnects in the background
 * and, with the offline queue off, a PING fails at once instead of waiting for it.
 */
export function createRedisProbe(url: string, timeoutMs: number): RedisProbe {
  let current: Connection | null = null;

  function connect(): Connection {
    const client = openClient(url, timeoutMs);
    // Each failed PING is reported by the health check; the reconnect errors add nothing to it.
    client.on("error", () => undefined);
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    return { client, connected };
  }

  function close() {
    current?.client.destroy();
    current = null;
  }

  return {
    async ping() {
      current ??= connect();
      const { client, connected } = current;
      if ((await settleWithin(connected, timeoutMs)) !== true) {
        return { ok: false, reason: "timeout" };
      }
      const answer = await settleWithin(
        client.ping().then(
          () => true,
          () => false,
        ),
        timeoutMs,
      );
      if (answer === "timed_out") {
        // A PING already sent is never timed out by the client: drop a connection that stalls.
        if (current?.client === client) close();
        return { ok: false, reason: "timeout" };
      }
      return answer ? { ok: true } : { ok: false, reason: "network" };
    },
    async readEvictionRisk() {
      const client = current?.client;
      if (!client?.isReady) return "unknown";
      const policy = await settleWithin(
        client.configGet("maxmemory-policy").then(
          (reply) => reply["maxmemory-policy"],
          () => undefined, // CONFIG refused (managed Redis): unknown, not a failure.
        ),
        timeoutMs,
      );
      return toEvictionRisk(policy);
    },
    close,
  };
}

/** The promise's value, or "timed_out" after `ms`. */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | "timed_out"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timed_out">((resolve) => {
    timer = setTimeout(() => resolve("timed_out"), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
