import { createCluster } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_SECRET } from "@/lib/engine/test-engine";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { openedStores } from "@/lib/engine/refresh/redis-test-kit";
import { cli, startRedisCluster, type RedisCluster } from "@/tests/support/redis-cluster";
import { createStoreCrypto } from "@/lib/engine/refresh/refresh-crypto";

// The release announcement on a real Redis Cluster (3 masters, 3 replicas): on the shard channel
// of the lock's own slot, carrying the record read under the lock, as on one server.
const PREFIX = "next-django-simplejwt:";
const { hashForStore } = createStoreCrypto([TEST_SECRET]);
let cluster: RedisCluster | undefined;

beforeAll(async () => {
  if (shouldTestWithRedis) cluster = await startRedisCluster();
}, 60_000);

const stores = openedStores();

afterAll(async () => {
  await stores.closeAll();
  cluster?.stop();
});

/** A lock's key and its chain record's key, on one slot like the engine's. */
function keysOf(name: string) {
  const tag = `{${hashForStore(`chain:${name}-${Date.now()}`)}}`;
  const lockKey = `${tag}:token`;
  return {
    tag,
    lockKey,
    recordKey: `chain:${tag}`,
    channel: `${PREFIX}lock-released:${PREFIX}lock:${lockKey}`,
  };
}

describe.runIf(shouldTestWithRedis)("release announcements on a Redis Cluster", () => {
  it("announce on the lock's shard channel the record written with the release", async () => {
    const holder = stores.open({ cluster: cluster!.urls });
    const { tag, lockKey, recordKey, channel } = keysOf("announce");
    const listener = createCluster({ rootNodes: cluster!.urls.map((url) => ({ url })) });
    await listener.connect();
    const heard: string[] = [];
    await listener.sSubscribe(channel, (message) => void heard.push(message));
    await holder.set(recordKey, "v1", 60_000);
    const held = (await holder.tryLockThenGet(lockKey, 60_000, recordKey))!;
    expect(held.value).toBe("v1");
    // Written, no end mark: released in the same script, on the same slot.
    expect(await held.writeThenUnlock("v2", 60_000, `ended:${tag}`)).toBeUndefined();
    expect(await holder.get(recordKey)).toBe("v2");
    await vi.waitFor(() => expect(heard).toEqual([`${PREFIX}lock:${lockKey}\nv2`]));
    await listener.close();
  });

  it("bring a waiter the record: from the announcement, or from its second look", async () => {
    const [holder, waiter] = [
      stores.open({ cluster: cluster!.urls }),
      stores.open({ cluster: cluster!.urls }),
    ];
    // Released before the wait: the second look finds the lock gone and reads the record.
    const early = keysOf("early");
    await holder.set(early.recordKey, "after-early", 60_000);
    await (await holder.tryLockThenGet(early.lockKey, 60_000, early.recordKey))!.unlock();
    expect(await waiter.waitForUnlock(early.lockKey, 5_000, early.recordKey)).toEqual({
      value: "after-early",
    });
    // Held throughout: only an announcement on its shard can wake this one.
    const held = keysOf("held");
    const unlock = (await holder.tryLock(held.lockKey, 60_000))!;
    const woken = waiter.waitForUnlock(held.lockKey, 60_000, held.recordKey);
    const { master } = cluster!.shardOf(held.tag);
    await vi.waitFor(() =>
      expect(cli(master, "PUBSUB", "SHARDNUMSUB", held.channel).split("\n")[1]).toBe("1"),
    );
    cli(master, "SPUBLISH", held.channel, `${PREFIX}lock:${held.lockKey}\nannounced`);
    expect(await woken).toEqual({ value: "announced" });
    await unlock();
  });
});
