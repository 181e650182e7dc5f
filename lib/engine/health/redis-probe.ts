import { createClient, createCluster } from "@redis/client";
import { settleWithin } from "@/lib/engine/deadline";
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
  /** A Redis Cluster's own word on itself (CLUSTER INFO's cluster_state); absent on one server. */
  readClusterState?(): Promise<ClusterState>;
  close(): void;
};

/** `fail`: some slots have no master that answers, and the users whose chains live there wait. */
export type ClusterState = "ok" | "fail" | "unknown";

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
      if ((await settleOrTimedOut(connected, timeoutMs)) !== true) {
        return { ok: false, reason: "timeout" };
      }
      const answer = await settleOrTimedOut(
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
      const policy = await settleOrTimedOut(
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

/**
 * A Redis Cluster: up when every master answers PING (each holds a third of the chains), its
 * eviction risk the worst of the masters' policies, its state what a master's CLUSTER INFO says.
 * One long-lived cluster client, as for one server.
 */
export function createRedisClusterProbe(urls: readonly string[], timeoutMs: number): RedisProbe {
  let current: ReturnType<typeof connect> | null = null;
  function connect() {
    const first = new URL(urls[0] ?? "redis://127.0.0.1:6379");
    const cluster = createCluster({
      rootNodes: urls.map((url) => ({ url })),
      defaults: {
        username: decodeURIComponent(first.username) || undefined,
        password: decodeURIComponent(first.password) || undefined,
        disableOfflineQueue: true,
        socket: {
          connectTimeout: timeoutMs,
          reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000),
          tls: first.protocol === "rediss:",
        },
      },
    });
    cluster.on("error", () => undefined); // Each failed probe is reported by the health check.
    return {
      cluster,
      connected: cluster.connect().then(
        () => true,
        () => false,
      ),
    };
  }
  /**
   * Each master's answer to `ask` (all of them, or null when one fails or the cluster does not
   * answer in time), or with `isAnyEnough` the first that answers.
   */
  async function askMasters<T>(
    ask: (client: NodeClient) => Promise<T>,
    isAnyEnough = false,
  ): Promise<T[] | null> {
    current ??= connect();
    const { cluster, connected } = current;
    if ((await settleOrTimedOut(connected, timeoutMs)) !== true) return null;
    const asked = cluster.masters.map(async (master) => ask(await cluster.nodeClient(master)));
    for (const question of asked) question.catch(() => undefined);
    const answers = await settleOrTimedOut(
      isAnyEnough ? Promise.any(asked).then((answer) => [answer]) : Promise.all(asked),
      timeoutMs,
    ).catch(() => null);
    return answers === "timed_out" ? null : answers;
  }
  return {
    async ping() {
      const answers = await askMasters((client) => client.ping());
      return answers ? { ok: true } : { ok: false, reason: "timeout" };
    },
    async readEvictionRisk() {
      const policies = await askMasters((client) =>
        client.configGet("maxmemory-policy").then(
          (reply) => reply["maxmemory-policy"],
          () => undefined,
        ),
      );
      const risks = (policies ?? [undefined]).map(toEvictionRisk);
      if (risks.includes("may_evict")) return "may_evict";
      return risks.every((risk) => risk === "none") ? "none" : "unknown";
    },
    async readClusterState() {
      // Any master that answers knows: a dead shard is what makes the state fail.
      const [info] = (await askMasters((client) => client.clusterInfo(), true)) ?? [];
      const state = /cluster_state:(\w+)/.exec(String(info ?? ""))?.[1];
      return state === "ok" ? "ok" : state === "fail" ? "fail" : "unknown";
    },
    close() {
      current?.cluster.destroy();
      current = null;
    },
  };
}

type NodeClient = {
  ping(): Promise<unknown>;
  configGet(name: string): Promise<Record<string, string>>;
  clusterInfo(): Promise<unknown>;
};

/** The promise's value, or "timed_out" after `ms`. */
function settleOrTimedOut<T>(promise: Promise<T>, ms: number): Promise<T | "timed_out"> {
  return settleWithin(promise, ms, "timed_out" as const);
}
