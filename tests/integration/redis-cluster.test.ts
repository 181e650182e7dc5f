import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createClient } from "@redis/client";
import {
  createRefreshCoordinator,
  type RefreshOutcome,
  type RotationAtDjango,
} from "@/lib/engine/refresh/refresh-coordinator";
import { createStoreCrypto } from "@/lib/engine/refresh/refresh-crypto";
import { PREFIX } from "@/lib/engine/refresh/redis-announcements";
import { createRedisClusterProbe } from "@/lib/engine/health/redis-probe";
import { checkRedisEviction } from "@/scripts/doctor/probes/redis-eviction.mjs";
import { TEST_SECRET } from "@/lib/engine/test-engine";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { openedStores } from "@/lib/engine/refresh/redis-test-kit";
import { cli, startRedisCluster, type RedisCluster } from "@/tests/support/redis-cluster";

// Two server instances (each its own store and coordinator) on a real Redis Cluster: 3 masters,
// 3 replicas, started here from Debian's redis-server, each asking for a password as a managed
// cluster with AUTH does: the nodes found from the first URL take its password.
let cluster: RedisCluster | undefined;
const AUTH = ["-a", "cluster-secret", "--no-auth-warning"];
const crypto = createStoreCrypto([TEST_SECRET]);

beforeAll(async () => {
  if (shouldTestWithRedis) cluster = await startRedisCluster({ password: AUTH[1] });
}, 60_000);

const stores = openedStores();

afterAll(async () => {
  await stores.closeAll();
  cluster?.stop();
});

const expired = (refreshToken: string): TokenPair => ({
  accessToken: `access-for-${refreshToken}`,
  refreshToken,
  accessExpires: Date.now() - 1000,
  refreshExpires: Date.now() + 3_600_000,
});

/** Django, slow enough that a storm overlaps its one rotation; counts its calls. */
function slowDjango(delayMs: number, onCall: () => void = () => undefined) {
  return vi.fn(async (refreshToken: string): Promise<RotationAtDjango> => {
    onCall();
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return {
      kind: "rotated",
      pair: { ...expired(`${refreshToken}-next`), accessExpires: Date.now() + 300_000 },
    };
  });
}

function instance(
  rotate: ReturnType<typeof slowDjango>,
  warn: (message: string) => void = () => undefined,
) {
  return createRefreshCoordinator({
    store: stores.open({ cluster: cluster!.urls }),
    rotate,
    revoke: async () => undefined,
    hash: crypto.hashForStore,
    previousHashes: crypto.previousHashesForStore,
    seal: crypto.sealRecord,
    open: crypto.openRecord,
    reuseWindowMs: 30_000,
    reuseDetection: "revoke",
    callerWaitMs: 8_000,
    lockTtlMs: 10_000,
    warn,
  });
}

const tagOf = (chainId: string) => `{${crypto.hashForStore(`chain:${chainId}`)}}`;

/** A new chain on a shard that still has its replica (the failover tests leave one without). */
function chainWithReplica(name: string) {
  const chainId = Array.from({ length: 50 }, (_, i) => `${name}-${i}-${Date.now()}`).find(
    (id) => cluster!.shardOf(tagOf(id)).replica !== null,
  )!;
  const replica = cluster!.shardOf(tagOf(chainId)).replica!;
  const replicaProcess = cluster!.nodes.find(({ port }) => port === replica)!.process;
  return { chainId, replica, replicaProcess };
}

const describeOf = (outcome: RefreshOutcome) =>
  outcome.ok ? outcome.pair.refreshToken : outcome.error;

/** A user's tabs retry a 503 until they get an answer: never a sign-out on the way. */
async function untilAnswered(refresh: () => Promise<RefreshOutcome>) {
  const seen: string[] = [];
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const outcome = await refresh().catch(() => null); // The store failing: a 503 too.
    seen.push(outcome ? describeOf(outcome) : "store_error");
    if (outcome?.ok) return { outcome, seen };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { outcome: null, seen };
}

describe.runIf(shouldTestWithRedis)("the rotation store on a Redis Cluster", () => {
  it("spreads the chains over the masters, each chain's keys on one slot", async () => {
    const store = stores.open({ cluster: cluster!.urls });
    const slots = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const tag = crypto.hashForStore(`chain:spread-${i}`);
      await store.set(`chain:{${tag}}`, "sealed", 60_000);
      await store.raise(`seen:{${tag}}`, 3, 60_000);
      slots.add(cluster!.shardOf(`{${tag}}`).master);
    }
    expect(slots.size).toBeGreaterThan(1);
  });

  it("a storm over two instances costs one rotation", async () => {
    const rotate = slowDjango(300);
    const [a, b] = [instance(rotate), instance(rotate)];
    const stale = { pair: expired(`R0-${Date.now()}`), chainId: `storm-${Date.now()}` };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).refresh(stale)),
    );
    expect(rotate).toHaveBeenCalledOnce();
    expect(new Set(outcomes.map(describeOf))).toEqual(new Set([`${stale.pair.refreshToken}-next`]));
  });

  it("wakes a waiter on another instance through its lock's shard channel", async () => {
    const [holder, waiter] = [
      stores.open({ cluster: cluster!.urls }),
      stores.open({ cluster: cluster!.urls }),
    ];
    for (let i = 0; i < 3; i++) {
      const key = `{${crypto.hashForStore(`chain:wake-${i}`)}}:token`; // Three slots, likely.
      const unlock = (await holder.tryLock(key, 60_000))!;
      expect(await waiter.tryLock(key, 60_000)).toBeNull();
      const startedAt = Date.now();
      const woken = waiter.waitForUnlock(key, 5_000).then(() => Date.now() - startedAt);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await unlock();
      expect(await woken).toBeLessThan(2_500); // Not the 5 s the wait would last unwoken.
    }
  });

  for (const fault of ["CLUSTER FAILOVER on its replica", "its master killed"] as const) {
    it(`a storm through a failover (${fault}) costs at most a 503: no sign-out, one rotation`, async () => {
      const chainId = `failover-${fault.length}-${Date.now()}`;
      const shard = cluster!.shardOf(`{${crypto.hashForStore(`chain:${chainId}`)}}`);
      expect(shard.replica).not.toBeNull();
      let fail = () => undefined as void;
      const rotate = slowDjango(400, () => fail());
      fail = () => {
        fail = () => undefined; // Once, while Django rotates: the lock is held, nothing stored yet.
        if (fault === "its master killed") {
          cluster!.nodes.find(({ port }) => port === shard.master)!.process.kill("SIGKILL");
        } else {
          cluster!.cli(shard.replica!, "CLUSTER", "FAILOVER");
        }
      };
      const [a, b] = [instance(rotate), instance(rotate)];
      const stale = { pair: expired(`F0-${Date.now()}`), chainId };
      const tabs = await Promise.all(
        Array.from({ length: 10 }, (_, i) => untilAnswered(() => (i % 2 ? a : b).refresh(stale))),
      );
      await cluster!.settled();
      // After the failover the replica is the master of the chain's slot.
      expect(cluster!.shardOf(`{${crypto.hashForStore(`chain:${chainId}`)}}`).master).toBe(
        shard.replica,
      );
      for (const { outcome, seen } of tabs) {
        expect(outcome?.ok, `answers: ${seen.join(", ")}`).toBe(true);
        expect(seen.filter((answer) => answer === "session_expired")).toEqual([]);
      }
      expect(new Set(tabs.map(({ outcome }) => describeOf(outcome!)))).toEqual(
        new Set([`${stale.pair.refreshToken}-next`]),
      );
      expect(rotate).toHaveBeenCalledOnce();
      // And the chain goes on: the successor, once its access token expires, rotates once more.
      const next = await untilAnswered(() =>
        b.refresh({ pair: expired(`${stale.pair.refreshToken}-next`), chainId, generation: 1 }),
      );
      expect(next.outcome?.ok).toBe(true);
    }, 60_000);
  }

  it("takes no lock its replica has not acknowledged: a 503 while it lags, never a lost lock", async () => {
    const { chainId, replicaProcess } = chainWithReplica("lagging");
    const rotate = slowDjango(0);
    const [a, b] = [instance(rotate), instance(rotate)];
    const stale = { pair: expired(`L0-${Date.now()}`), chainId };
    // Both instances connected to the cluster first (a fresh pair: answered without Django).
    for (const tab of [a, b]) {
      const fresh = { ...expired(`warm-${Date.now()}`), accessExpires: Date.now() + 60_000 };
      expect((await tab.refresh({ pair: fresh, chainId: `warm-${chainId}` })).ok).toBe(true);
    }
    // Frozen, the replica keeps its link (its master counts it) and acknowledges nothing: a
    // master lost now (a crash, a partition) would take a lock with it that Django was called
    // under, and the replica would let another instance rotate the same token (simplejwt's
    // answer to that: 401, a sign-out).
    replicaProcess.kill("SIGSTOP");
    try {
      for (const tab of [a, b]) {
        const outcome = await tab
          .refresh(stale)
          .then(describeOf, (error: unknown) => String(error));
        expect(outcome).toMatch(/no Redis replica acknowledged/);
      }
      expect(rotate).not.toHaveBeenCalled();
    } finally {
      replicaProcess.kill("SIGCONT");
    }
    const answered = await untilAnswered(() => b.refresh(stale));
    expect(answered.outcome?.ok, `answers: ${answered.seen.join(", ")}`).toBe(true);
    expect(rotate).toHaveBeenCalledOnce();
  }, 30_000);

  it("a frozen replica holds its master's connection 250 ms at a time, however many lock at once", async () => {
    const { chainId, replicaProcess } = chainWithReplica("frozen-many");
    const tag = tagOf(chainId);
    const master = cluster!.shardOf(tag).master;
    const store = stores.open({ cluster: cluster!.urls });
    await store.get(`${tag}:connected`);
    replicaProcess.kill("SIGSTOP");
    try {
      // Twelve sessions on that master rotate at once: each lock waits for the replica (WAIT).
      const locks = Array.from({ length: 12 }, (_, i) =>
        store.tryLockThenGet(`${tag}:lock-${i}`, 10_000, `${tag}:record-${i}`).then(
          () => "locked",
          (error: unknown) => String(error),
        ),
      );
      await vi.waitFor(
        () => expect(cli(master, ...AUTH, "INFO", "clients")).toMatch(/blocked_clients:1/),
        {
          timeout: 2_000,
          interval: 5,
        },
      );
      // Meanwhile another session's read goes to the same master on the same connection: behind
      // one WAIT it is answered; behind twelve (3 s), it would time out (1 s), a 503.
      await expect(store.get(`${tag}:another-session`)).resolves.toBeUndefined();
      expect(await Promise.all(locks)).toEqual(
        Array(12).fill(expect.stringMatching(/no Redis replica acknowledged the write/)),
      );
    } finally {
      replicaProcess.kill("SIGCONT");
    }
  }, 30_000);

  it("writes a rotation's record again until its replica has it", async () => {
    const { chainId, replica, replicaProcess } = chainWithReplica("unacked");
    // The lock reached the replica; the record, written once Django answered, does not.
    const rotate = slowDjango(0, () => void replicaProcess.kill("SIGSTOP"));
    const warnings: string[] = [];
    const a = instance(rotate, (message: string) => void warnings.push(message));
    const stale = { pair: expired(`U0-${Date.now()}`), chainId };
    try {
      // Django rotated: the caller gets its pair whatever the store did.
      expect(describeOf(await a.refresh(stale))).toBe(`${stale.pair.refreshToken}-next`);
    } finally {
      replicaProcess.kill("SIGCONT");
    }
    expect(warnings).toContain(
      "rotation store write failed after Django rotated; retrying in the background",
    );
    // The record reaches the replica once it wakes: a failover now keeps it.
    const onReplica = createClient({ url: `redis://:cluster-secret@127.0.0.1:${replica}` });
    await onReplica.connect();
    await onReplica.sendCommand(["READONLY"]);
    const recordKey = `${PREFIX}chain:${tagOf(chainId)}`;
    await vi.waitFor(async () => expect(await onReplica.exists(recordKey)).toBe(1), {
      timeout: 5_000,
    });
    onReplica.destroy();
    // Another instance finds the rotation in the record: no second call to Django.
    expect(describeOf(await instance(rotate).refresh(stale))).toBe(
      `${stale.pair.refreshToken}-next`,
    );
    expect(rotate).toHaveBeenCalledOnce();
  }, 30_000);

  it("the doctor reads the cluster's state and every master's policy", async () => {
    const doctor = async () => {
      const findings: { level: string; message: string }[] = [];
      await checkRedisEviction({
        config: { redisClusterUrls: cluster!.urls },
        add: (finding: { level: string; message: string }) => findings.push(finding),
      });
      return findings[0]!;
    };
    expect(await doctor()).toMatchObject({
      level: "ok",
      message: expect.stringContaining("3 masters"),
    });
    const { master } = cluster!.shardOf("{doctor}");
    cluster!.cli(master, "CONFIG", "SET", "maxmemory-policy", "volatile-lru");
    expect(await doctor()).toMatchObject({
      level: "fail",
      message: expect.stringContaining("volatile-lru"),
    });
    cluster!.cli(master, "CONFIG", "SET", "maxmemory-policy", "noeviction");
  });

  // Last: it leaves a shard with no node.
  it("/api/health's probe reads the cluster's state and its masters' eviction policy", async () => {
    const probe = createRedisClusterProbe(cluster!.urls, 1_000);
    expect(await probe.ping()).toEqual({ ok: true });
    expect(await probe.readClusterState!()).toBe("ok");
    expect(await probe.readEvictionRisk()).toBe("none");
    // A shard that still has its replica (the failover tests left one without).
    const { master, replica } = Array.from({ length: 30 }, (_, i) =>
      cluster!.shardOf(`{p${i}}`),
    ).find((shard) => shard.replica !== null)!;
    cluster!.cli(master, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    expect(await probe.readEvictionRisk()).toBe("may_evict");
    cluster!.cli(master, "CONFIG", "SET", "maxmemory-policy", "noeviction");
    for (const port of [master, replica!])
      cluster!.nodes.find((node) => node.port === port)!.process.kill("SIGKILL");
    await vi.waitFor(async () => expect(await probe.readClusterState!()).toBe("fail"), {
      timeout: 15_000,
      interval: 200,
    });
    probe.close();
  }, 30_000);
});
