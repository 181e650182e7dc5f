import { createClient } from "@redis/client";
import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { freePort, startRedisServer, stopProcess } from "@/tests/support/redis-process";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { openedStores } from "./redis-test-kit";
import { hasReplicaInSync, sharedWaits } from "./redis-rotation-store";
import {
  createRefreshCoordinator,
  EXPIRED,
  type CoordinatorDeps,
  type RotationAtDjango,
} from "./refresh-coordinator";
import { TEST_SECRET } from "@/lib/engine/test-engine";
import { hashForStore, openRecord } from "./coordinator-test-kit";
import { createStoreCrypto } from "./refresh-crypto";

const PREFIX = "next-django-simplejwt:";
const CHANNEL = `${PREFIX}lock-released`;

/** The secret a rolling deploy moves to: NEXTAUTH_SECRET, with the old one as previous. */
const NEW_SECRET = "rolled-secret-rolled-secret-rolled-0123456";

// A real redis-server on a free loopback port (see shouldTestWithRedis for when these run).
let server: ChildProcess | undefined;
let url = "";

beforeAll(async () => {
  if (!shouldTestWithRedis) return;
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  server = await startRedisServer(port);
});

const stores = openedStores();

afterEach(() => stores.closeAll());
afterAll(() => {
  server?.kill();
});

const pair = (refreshToken: string): TokenPair => ({
  accessToken: `access-for-${refreshToken}`,
  refreshToken,
  accessExpires: Date.now() - 1000,
  refreshExpires: Date.now() + 3_600_000,
});

describe.runIf(shouldTestWithRedis)("RedisRotationStore", () => {
  it("stores values until their TTL, and nothing for a TTL of zero", async () => {
    const store = stores.open(url);
    await store.set("k-ttl", "v", 150);
    expect(await store.get("k-ttl")).toBe("v");
    await vi.waitFor(async () => expect(await store.get("k-ttl")).toBeUndefined(), {
      timeout: 2_000,
    });
    await store.set("k-zero", "v", 0);
    expect(await store.get("k-zero")).toBeUndefined();
  });

  it("reads several keys of one tag in one step, in order, nothing where one is absent", async () => {
    const store = stores.open(url);
    await store.set("a:{tag-all}", "1", 60_000);
    await store.set("c:{tag-all}", "3", 60_000);
    expect(await store.getAll(["a:{tag-all}", "b:{tag-all}", "c:{tag-all}"])).toEqual([
      "1",
      undefined,
      "3",
    ]);
  });

  it("raises an integer atomically, never lowers it, and takes a sealed value for none", async () => {
    const store = stores.open(url);
    const key = `seen:{raise-${Date.now()}}`;
    await store.set(key, "a-sealed-record", 60_000);
    await Promise.all([3, 1, 2, 5, 4].map((value) => store.raise(key, value, 60_000)));
    expect(await store.get(key)).toBe("5");
    await store.raise(key, 1, 60_000);
    expect(await store.get(key)).toBe("5");
    await store.raise(`${key}:never`, 1, 0); // A lifetime of zero stores nothing.
    expect(await store.get(`${key}:never`)).toBeUndefined();
    await store.raise(`${key}:expiring`, 1, 50);
    await vi.waitFor(async () => expect(await store.get(`${key}:expiring`)).toBeUndefined());
  });

  it("locks each key on its own, apart from its value", async () => {
    const store = stores.open(url);
    expect(await store.tryLock("k-one", 60_000)).not.toBeNull();
    expect(await store.tryLock("k-two", 60_000)).not.toBeNull();
    expect(await store.get("k-one")).toBeUndefined();
  });

  it("gives a lock to one holder at a time and lets it lapse", async () => {
    const store = stores.open(url);
    const unlock = await store.tryLock("k-lock", 60_000);
    expect(unlock).not.toBeNull();
    expect(await stores.open(url).tryLock("k-lock", 60_000)).toBeNull();
    await unlock!();
    const again = await store.tryLock("k-lock", 200);
    expect(again).not.toBeNull();
    await vi.waitFor(async () => expect(await store.tryLock("k-lock", 200)).not.toBeNull(), {
      timeout: 2_000,
    });
  });

  it("lets two server instances share one rotation of a token", async () => {
    let issued = 0;
    const rotate = vi.fn(async (): Promise<RotationAtDjango> => {
      await new Promise((resolve) => setTimeout(resolve, 200)); // Django is slow enough to overlap.
      issued += 1;
      return {
        kind: "rotated",
        pair: { ...pair(`R${issued}`), accessExpires: Date.now() + 300_000 },
      };
    });
    const [a, b] = [instance(url, rotate), instance(url, rotate)];
    const stale = { pair: pair(`R0-${Date.now()}`), chainId: `chain-${Date.now()}-0000` };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).refresh(stale)),
    );

    expect(rotate).toHaveBeenCalledOnce();
    expect(outcomes.map((o) => (o.ok ? o.pair.refreshToken : o.error))).toEqual(
      Array(10).fill("R1"),
    );
    expect(outcomes.filter((o) => o.ok && o.status === "reused").length).toBeGreaterThanOrEqual(5);
  });

  it("a storm over two instances costs 16 store commands: 1 per caller, 3 to rotate, 3 to wait", async () => {
    const chainId = `chain-count-${Date.now()}`;
    const tag = hashForStore(`chain:${chainId}`);
    const isLook = (command: string) => command.includes('redis.call(\\"exists\\"');
    const isRelease = (command: string) => command.includes('redis.call(\\"del\\"');
    const isWrite = (command: string) => command.startsWith('"EVAL" "redis.call(\\"set\\"');
    /** A caller's first read: the chain's end mark, with its record in the same step. */
    const isFirstRead = (command: string) =>
      /^"MGET" "next-django-simplejwt:ended:\{[^}]+\}" "next-django-simplejwt:chain:/.test(command);
    const isEndRead = (command: string) =>
      command.startsWith('"GET" "next-django-simplejwt:ended:');
    const isReplicaCheck = (command: string) => command === '"INFO" "replication"';
    // What each connection sent for this chain, in Redis's order (a script's own calls left out).
    const sent: Array<{ client: string; command: string }> = [];
    let isWaiting: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (isWaiting = resolve));
    const monitor = createClient({ url });
    await monitor.connect();
    // Redis shows each command once it has run: a look shown has found the lock held.
    await monitor.monitor((line) => {
      const [, client, command] = /^\S+ \[\d+ (\S+)\] (.*)$/.exec(line) ?? [];
      if (!client || !command || client === "lua") return;
      if (!line.includes(tag) && !isReplicaCheck(command)) return;
      sent.push({ client, command });
      if (isLook(command)) isWaiting();
    });
    // Django answers once the other instance waits: its second look at the lock found it held.
    const rotate = vi.fn(async (): Promise<RotationAtDjango> => {
      await waiting;
      return { kind: "rotated", pair: { ...pair("R1"), accessExpires: Date.now() + 300_000 } };
    });
    // No poll: only the release (or that second look) can wake the waiter.
    const [a, b] = [0, 1].map(() => instance(url, rotate, undefined, { lockPollMs: 60_000 }));
    const stale = { pair: pair(`R0-${Date.now()}`), chainId };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).refresh(stale)),
    );
    expect(rotate).toHaveBeenCalledOnce();
    expect(outcomes.every((o) => o.ok && o.pair.refreshToken === "R1")).toBe(true);
    // Everything the answers waited for has run before this; the count is complete once it shows.
    const sentinel = createClient({ url });
    await sentinel.connect();
    await sentinel.get(`sentinel:{${tag}}`);
    await vi.waitFor(() => expect(sent.at(-1)?.command).toContain("sentinel:"));
    sent.pop();
    await Promise.all([sentinel.close(), monitor.close()]);

    const rotating = sent.find(({ command }) => isRelease(command))!.client;
    const ofRotating = sent.filter(({ client }) => client === rotating).map((c) => c.command);
    const ofWaiting = sent.filter(({ client }) => client !== rotating).map((c) => c.command);
    // Each caller reads the end mark and the chain in one step; then the instance that rotates
    // takes the lock with the chain, asks whether Redis has a replica to wait for (none here, and
    // it does not ask again within the second), calls Django, and writes the record with the end
    // mark and the release.
    expect(ofRotating.filter(isFirstRead)).toHaveLength(5);
    const rotated = ofRotating.filter((command) => !isFirstRead(command));
    expect(rotated).toHaveLength(3);
    expect(isReplicaCheck(rotated[1]!)).toBe(true);
    expect(isWrite(rotated[2]!) && isRelease(rotated[2]!)).toBe(true);
    // The other: the lock (busy), a second look; woken by the release, whose announcement
    // carries the record, it reads only the end mark again (a sign-out while it waited ends it
    // too), once for its callers.
    expect(ofWaiting.filter(isFirstRead)).toHaveLength(5);
    const waited = ofWaiting.filter((command) => !isFirstRead(command));
    expect(waited.map((command) => command.slice(0, 12))).toEqual([
      '"EVAL" "if r',
      '"EVAL" "if r',
      '"GET" "next-',
    ]);
    expect(isLook(waited[1]!)).toBe(true);
    expect(isEndRead(waited[2]!)).toBe(true);
    expect(sent).toHaveLength(16);
  });

  it("asks a master found without a replica again a second later, not at every step of every rotation", async () => {
    const lines: string[] = [];
    const monitor = createClient({ url });
    await monitor.connect();
    await monitor.monitor((line) => void lines.push(line));
    let marks = 0;
    /** The `INFO replication` Redis has run: all of them once a command sent after them shows. */
    const infosRun = async () => {
      const mark = `sentinel:recheck:${++marks}`;
      const sentinel = createClient({ url });
      await sentinel.connect();
      await sentinel.get(mark);
      await sentinel.close();
      await vi.waitFor(() => expect(lines.some((line) => line.includes(mark))).toBe(true));
      return lines.filter((line) => line.endsWith('"INFO" "replication"')).length;
    };
    // The store's clock, stopped: its timeouts run on timers, which keep going.
    const start = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(start);
    try {
      const store = stores.open(url);
      for (const key of ["k-recheck-1", "k-recheck-2", "k-recheck-3"]) {
        await (await store.tryLock(key, 60_000))!();
      }
      expect(await infosRun()).toBe(1);
      clock.mockReturnValue(start + 999);
      await (await store.tryLock("k-recheck-4", 60_000))!();
      expect(await infosRun()).toBe(1);
      clock.mockReturnValue(start + 1_000);
      await (await store.tryLock("k-recheck-5", 60_000))!();
      expect(await infosRun()).toBe(2);
    } finally {
      clock.mockRestore();
      await monitor.close();
    }
  });

  it("a sign-out on another instance while Django rotates: no cookie, the new token dies, under the lock", async () => {
    const chainId = `chain-signout-${Date.now()}`;
    const presented = `R0-${Date.now()}`;
    let answer: () => void = () => undefined;
    const rotate = vi.fn(async (): Promise<RotationAtDjango> => {
      await new Promise<void>((resolve) => (answer = resolve));
      return { kind: "rotated", pair: { ...pair("R1"), accessExpires: Date.now() + 300_000 } };
    });
    // The end mark is written before Django answers: the write of R1's record must see it, and
    // the lock must still be held when R1 is blacklisted (a waiter then finds the end, not R1).
    const probe = stores.open(url);
    const lockKey = `{${hashForStore(`chain:${chainId}`)}}:${hashForStore(presented)}`;
    const revokedUnderLock: Array<[string, boolean]> = [];
    const revoke = vi.fn(async ({ refreshToken }: TokenPair) => {
      revokedUnderLock.push([refreshToken, (await probe.tryLock(lockKey, 1_000)) === null]);
    });
    const rotating = instance(url, rotate, undefined, { revoke });
    const signingOut = instance(url, rotate, undefined, { revoke: async () => undefined });
    const inFlight = rotating.refresh({ pair: pair(presented), chainId });
    await vi.waitFor(() => expect(rotate).toHaveBeenCalledOnce());
    await signingOut.signOut({ pair: pair(presented), chainId });
    answer();
    expect(await inFlight).toEqual(EXPIRED);
    expect(revokedUnderLock).toEqual([["R1", true]]);
    expect(await probe.tryLock(lockKey, 1_000)).not.toBeNull(); // Released after.
  });

  it("a sign-out while a third instance waits on the rotation: the waiter ends too, never handed the new token", async () => {
    const chainId = `chain-signout-waiter-${Date.now()}`;
    const presented = `R0-${Date.now()}`;
    let answer: () => void = () => undefined;
    const rotate = vi.fn(async (): Promise<RotationAtDjango> => {
      await new Promise<void>((resolve) => (answer = resolve));
      return { kind: "rotated", pair: { ...pair("R1"), accessExpires: Date.now() + 300_000 } };
    });
    const rotating = instance(url, rotate);
    // The waiter has read the end mark (none yet) and waits on the lock when the sign-out lands.
    const waiterStore = stores.open(url);
    let isWaiting: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (isWaiting = resolve));
    const waitForUnlock = waiterStore.waitForUnlock.bind(waiterStore);
    waiterStore.waitForUnlock = (...args) => {
      isWaiting();
      return waitForUnlock(...args);
    };
    const waiter = instance(url, rotate, undefined, { store: waiterStore, lockPollMs: 60_000 });
    const signingOut = instance(url, rotate);

    const inFlight = rotating.refresh({ pair: pair(presented), chainId });
    await vi.waitFor(() => expect(rotate).toHaveBeenCalledOnce());
    const waited = waiter.refresh({ pair: pair(presented), chainId });
    await waiting;
    await signingOut.signOut({ pair: pair(presented), chainId });
    answer();
    expect(await inFlight).toEqual(EXPIRED);
    expect(await waited).toEqual(EXPIRED);
    expect(rotate).toHaveBeenCalledOnce();
  });

  it("keeps one rotation across a rolling secret change: instances on the old and the new secret share the lock", async () => {
    const rotate = vi.fn(async (): Promise<RotationAtDjango> => {
      await new Promise((resolve) => setTimeout(resolve, 200)); // Slow enough to overlap.
      return {
        kind: "rotated",
        pair: { ...pair(`R1-${rotate.mock.calls.length}`), accessExpires: Date.now() + 300_000 },
      };
    });
    const onOld = instance(url, rotate, createStoreCrypto([TEST_SECRET]));
    const onNew = instance(url, rotate, createStoreCrypto([NEW_SECRET, TEST_SECRET]));
    for (let round = 0; round < 3; round++) {
      rotate.mockClear();
      // The old secret's cookie, in every tab, reaching whichever instance the balancer picks.
      const cookie = { pair: pair(`R0-${Date.now()}`), chainId: `chain-rolling-${Date.now()}` };
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? onOld : onNew).refresh(cookie)),
      );
      expect(rotate).toHaveBeenCalledOnce();
      expect(new Set(outcomes.map((o) => (o.ok ? o.pair.refreshToken : o.error))).size).toBe(1);
    }
  });

  it("writes to Redis only sealed records, under keyed hashes, bound to their key", async () => {
    const presented = `refresh-token-presented-${Date.now()}`;
    const successor = `refresh-token-successor-${Date.now()}`;
    const rotate = async (): Promise<RotationAtDjango> => ({
      kind: "rotated",
      pair: { ...pair(successor), accessToken: "access-token-secret" },
    });
    await instance(url, rotate).refresh({ pair: pair(presented), chainId: "chain-raw-redis-0" });

    const plain = createClient({ url });
    await plain.connect();
    const keys = await plain.keys("*");
    const values = await Promise.all(keys.map((key) => plain.get(key)));
    await plain.close();
    const everything = JSON.stringify([keys, values]);
    for (const secret of [presented, successor, "access-token-secret", "chain-raw-redis-0"])
      expect(everything).not.toContain(secret);
    const storeKey = `chain:{${hashForStore("chain:chain-raw-redis-0")}}`;
    const raw = values[keys.indexOf(`next-django-simplejwt:${storeKey}`)];
    expect(typeof raw).toBe("string");
    expect(openRecord(raw!, storeKey)).toMatchObject({
      head: { pair: { refreshToken: successor } },
    });
    expect(openRecord(raw!, `chain:{${hashForStore("chain:another-chain")}}`)).toBeNull();
  });

  it("close() lets go of its connections, the listening one too: later calls fail, and a Redis that stops sees no reconnects", async () => {
    const port = await freePort();
    const own = await startRedisServer(port);
    const observer = createClient({ url: `redis://127.0.0.1:${port}` });
    await observer.connect();
    const clients = async () => /connected_clients:(\d+)/.exec(await observer.info("clients"))![1];
    const store = stores.open(`redis://127.0.0.1:${port}`);
    await store.set("k-close", "v", 60_000);
    await store.waitForUnlock("k-close", 50); // Listens: a connection of its own.
    expect(await clients()).toBe("3");
    await store.close();
    await vi.waitFor(async () => expect(await clients()).toBe("1"));
    await expect(store.get("k-close")).rejects.toThrow("the rotation store is closed");
    await expect(store.tryLock("k-close", 1_000)).rejects.toThrow("the rotation store is closed");

    // Redis stops: a store left open reports the lost connection, then each reconnect attempt.
    const control = stores.open(`redis://127.0.0.1:${port}`);
    await control.get("k-close");
    const said = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      observer.destroy();
      await stopProcess(own);
      const reported = (pattern: RegExp) =>
        said.mock.calls.filter(([, error]) => pattern.test(String(error))).length;
      // The control's first reconnect attempt comes after every lost connection was reported.
      await vi.waitFor(() => expect(reported(/ECONNREFUSED/)).toBeGreaterThan(0));
      expect(reported(/closed unexpectedly/i)).toBe(1);
    } finally {
      said.mockRestore();
    }
  }, 15_000);

  it("wakes a waiter on another instance when the lock is released, polls otherwise", async () => {
    const [holder, waiter] = [stores.open(url), stores.open(url)];
    const unlock = (await holder.tryLock("k-wake", 60_000))!;
    const startedAt = Date.now();
    const woken = waiter.waitForUnlock("k-wake", 5_000).then(() => Date.now() - startedAt);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await unlock();
    expect(await woken).toBeLessThan(1_000);
    await holder.tryLock("k-never-released", 60_000);
    const quiet = Date.now();
    await waiter.waitForUnlock("k-never-released", 200);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(190);
  });

  it("wakes at once a waiter whose lock was released before it listened", async () => {
    // Released between the waiter's failed tryLock and its wait: the announcement is gone.
    const [holder, waiter] = [stores.open(url), stores.open(url)];
    const unlock = (await holder.tryLock("k-early", 60_000))!;
    expect(await waiter.tryLock("k-early", 60_000)).toBeNull();
    await unlock();
    let startedAt = Date.now();
    await waiter.waitForUnlock("k-early", 5_000);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    // A process's first wait, its subscription not yet live when the release is announced.
    const [otherHolder, fresh] = [stores.open(url), stores.open(url)];
    const release = (await otherHolder.tryLock("k-first", 60_000))!;
    startedAt = Date.now();
    const woken = fresh.waitForUnlock("k-first", 5_000);
    await release();
    await woken;
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it("reads a key with the lock in one step, and announces its value at the release", async () => {
    const announcements: string[] = [];
    const listener = createClient({ url });
    await listener.connect();
    await listener.subscribe(CHANNEL, (message) => void announcements.push(message));
    const [holder, other] = [stores.open(url), stores.open(url)];
    await holder.set("k-record", "v1", 60_000);
    const held = (await holder.tryLockThenGet("k-read-lock", 60_000, "k-record"))!;
    expect(held.value).toBe("v1");
    expect(await other.tryLockThenGet("k-read-lock", 60_000, "k-record")).toBeNull();
    // Written, nothing at the other key: released in the same step, announcing what it wrote.
    expect(await held.writeThenUnlock("v2", 60_000, "k-absent")).toBeUndefined();
    expect(await holder.get("k-record")).toBe("v2");
    const taken = (await other.tryLockThenGet("k-read-lock", 60_000, "k-record"))!;
    expect(taken.value).toBe("v2");
    await held.unlock(); // Released already: does nothing, least of all to the new holder's lock.
    expect(await holder.tryLock("k-read-lock", 60_000)).toBeNull();
    await taken.unlock();
    // Something at the other key: written, and the lock stays held until unlock().
    await holder.set("k-mark", "marked", 60_000);
    const kept = (await holder.tryLockThenGet("k-kept-lock", 60_000, "k-record"))!;
    expect(await kept.writeThenUnlock("v3", 60_000, "k-mark")).toBe("marked");
    expect(await holder.get("k-record")).toBe("v3");
    expect(await other.tryLock("k-kept-lock", 60_000)).toBeNull();
    await kept.unlock();
    // No lifetime left to write the record for: nothing written, the other key read, the lock
    // kept until unlock().
    const late = (await holder.tryLockThenGet("k-late-lock", 60_000, "k-record"))!;
    expect(await late.writeThenUnlock("v4", 0, "k-mark")).toBe("marked");
    expect(await holder.get("k-record")).toBe("v3");
    expect(await other.tryLock("k-late-lock", 60_000)).toBeNull();
    await late.unlock();
    const empty = (await holder.tryLockThenGet("k-read-empty", 60_000, "k-never-written"))!;
    expect(empty.value).toBeUndefined();
    await empty.unlock();
    // A lock taken without a read (or by an older version) announces only its key.
    await (await holder.tryLock("k-plain", 60_000))!();
    await vi.waitFor(() =>
      expect(announcements).toEqual([
        `${PREFIX}lock:k-read-lock\nv2`,
        `${PREFIX}lock:k-read-lock\nv2`,
        `${PREFIX}lock:k-kept-lock\nv3`,
        `${PREFIX}lock:k-late-lock\nv3`,
        `${PREFIX}lock:k-read-empty\n`,
        `${PREFIX}lock:k-plain`,
      ]),
    );
    await listener.close();
  });

  it("brings a waiter the read key's value, whether it heard the release or found it done", async () => {
    const [holder, waiter] = [stores.open(url), stores.open(url)];
    await holder.set("k-waited-record", "before", 60_000);
    // Released before the wait began: the waiter's second look finds the lock gone, and reads.
    const early = (await holder.tryLockThenGet("k-early-read", 60_000, "k-waited-record"))!;
    await holder.set("k-waited-record", "after-early", 60_000);
    await early.unlock();
    expect(await waiter.waitForUnlock("k-early-read", 5_000, "k-waited-record")).toEqual({
      value: "after-early",
    });
    // Only an announcement can wake this one: the lock stays held, so the second look waits.
    const plain = createClient({ url });
    await plain.connect();
    const subscribers = async () => (await plain.pubSubNumSub(CHANNEL))[CHANNEL] ?? 0;
    const before = await subscribers();
    const fresh = stores.open(url);
    const held = (await holder.tryLock("k-held", 60_000))!;
    const woken = fresh.waitForUnlock("k-held", 5_000, "k-waited-record");
    await vi.waitFor(async () => expect(await subscribers()).toBe(before + 1));
    await plain.publish(CHANNEL, `${PREFIX}lock:k-held\nannounced`);
    expect(await woken).toEqual({ value: "announced" });
    await held();
    await plain.close();
  });

  it("on a Redis that refuses INFO and WAIT (a managed one's ACL), locks go on, said once", async () => {
    const admin = createClient({ url });
    await admin.connect();
    await admin.sendCommand(["ACL", "SETUSER", "limited", "on", ">pw", "~*", "&*", "+@all"]);
    await admin.sendCommand(["ACL", "SETUSER", "limited", "-info", "-wait"]);
    await admin.close();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const start = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(start);
    try {
      const store = stores.open(url.replace("redis://", "redis://limited:pw@"));
      expect(await store.tryLock("k-limited-1", 60_000)).not.toBeNull();
      // Past the second a master found without replicas goes unasked: not asked again all the same.
      clock.mockReturnValue(start + 60_000);
      expect(await store.tryLock("k-limited-2", 60_000)).not.toBeNull();
      const said = warn.mock.calls.map((call) => String(call[0]));
      expect(said.filter((line) => line.startsWith("[auth] Redis refused INFO"))).toHaveLength(1);
    } finally {
      clock.mockRestore();
      warn.mockRestore();
    }
  });

  it("an INFO that times out is no refusal: the lock is released, and the next lock asks again", async () => {
    // A master that stalls (a fork, a latency spike) answers INFO late, but answers.
    const proxy = await slowCommandProxy(new URL(url).port, "INFO", 1_500);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const admin = createClient({ url });
    await admin.connect();
    try {
      const store = stores.open(`redis://127.0.0.1:${proxy.port}`);
      await expect(store.tryLock("k-slow-info", 60_000)).rejects.toThrow(
        "Redis did not answer in time",
      );
      // Released once the stalled master answers, not left held until its TTL.
      await vi.waitFor(async () => expect(await admin.get(`${PREFIX}lock:k-slow-info`)).toBeNull());
      proxy.stallMs = 0;
      expect(await store.tryLock("k-slow-info", 60_000)).not.toBeNull();
      expect(proxy.seen).toBe(2); // Replicas are still asked about, not given up on.
      expect(warn.mock.calls.map((call) => String(call[0]))).not.toContainEqual(
        expect.stringContaining("refused"),
      );
    } finally {
      warn.mockRestore();
      await admin.close();
      proxy.close();
    }
  });

  // Before the test that stops the server; the replica is gone again at its end.
  it("with a replica, takes no lock it has not acknowledged (released, refused) until it is gone", async () => {
    const admin = createClient({ url });
    await admin.connect();
    await admin.configSet("repl-diskless-sync-delay", "0");
    const replica = spawn("redis-server", [
      ...["--port", String(await freePort()), "--bind", "127.0.0.1"],
      // Loads its copy from the socket: no file left behind.
      ...["--save", "", "--appendonly", "no", "--repl-diskless-load", "swapdb"],
      ...["--replicaof", "127.0.0.1", new URL(url).port],
    ]);
    try {
      // In sync, and streaming: a master holds its writes back from a replica that has just
      // loaded its copy until that replica's first acknowledgement (0.9 s later, measured).
      await vi.waitFor(
        async () => {
          expect(await admin.info("replication")).toMatch(/state=online/);
          await admin.set("k-probe", "1");
          expect(await admin.sendCommand(["WAIT", "1", "100"])).toBe(1);
        },
        { timeout: 10_000, interval: 100 },
      );
      const store = stores.open(url);
      const unlock = await store.tryLock("k-replicated", 60_000);
      expect(unlock).not.toBeNull();
      await unlock!();
      // Frozen, it stays connected and acknowledges nothing: a failover now would lose the lock.
      replica.kill("SIGSTOP");
      await expect(store.tryLock("k-unacked", 60_000)).rejects.toThrow(
        "no Redis replica acknowledged the write within 250 ms",
      );
      expect(await admin.get(`${PREFIX}lock:k-unacked`)).toBeNull(); // Released, not left held.
      // Silent past 2 s, it counts as gone (as Redis's min-replicas-max-lag has it): locks go on
      // without it, rather than a minute of 503s until its master drops it.
      await vi.waitFor(
        async () =>
          expect(Number(/lag=(\d+)/.exec(await admin.info("replication"))?.[1])).toBeGreaterThan(2),
        { timeout: 10_000, interval: 200 },
      );
      expect(await store.tryLock("k-without-replica", 60_000)).not.toBeNull();
      replica.kill("SIGCONT");
      expect(await store.tryLock("k-unacked", 60_000)).not.toBeNull();
    } finally {
      replica.kill("SIGCONT");
      replica.kill("SIGKILL");
      await vi.waitFor(async () => expect(await admin.info("replication")).toMatch(/slaves:0/));
      await admin.close();
    }
  });

  it("keeps an answer Redis sent in time while this process was busy past the timeout", async () => {
    const store = stores.open(url, 100);
    await store.set("k-busy", "kept", 60_000);
    const read = store.get("k-busy");
    // node-redis writes the commands it queued from setImmediate: once they are queued (the
    // microtasks from get() to the client have run), an immediate queued now runs right after
    // that write, and holds the loop as a burst of requests or a garbage collection would.
    for (let hop = 0; hop < 50; hop++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // Redis answers meanwhile; the 100 ms run out before the answer is read.
    }
    expect(await read).toBe("kept");
  });

  it("counts a command's time from when it is sent, not from when this busy process queued it", async () => {
    // A Redis 50 ms away: its answer comes well within the 1 s, but only after the command is sent.
    const proxy = await slowCommandProxy(new URL(url).port, "GET", 50);
    try {
      const store = stores.open(`redis://127.0.0.1:${proxy.port}`);
      await store.set("k-queued-busy", "kept", 60_000);
      const read = store.get("k-queued-busy");
      // Busy past the 1 s before the command is even written: a burst of requests in hand.
      const until = Date.now() + 1_500;
      while (Date.now() < until) {
        // Nothing is sent meanwhile.
      }
      expect(await read).toBe("kept");
    } finally {
      proxy.close();
    }
  });

  it("sends nothing it gave up on while Redis was down once Redis is back", async () => {
    const port = await freePort();
    let own = await startRedisServer(port);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const store = stores.open(`redis://127.0.0.1:${port}`);
      await store.set("k-before", "v", 60_000);
      await stopProcess(own);
      await expect(store.set("k-given-up", "v", 60_000)).rejects.toThrow();
      await expect(store.tryLock("k-given-up", 60_000)).rejects.toThrow();
      own = await startRedisServer(port); // Empty: nothing survived the restart.
      await vi.waitFor(() => store.get("k-before"), { timeout: 10_000, interval: 100 });
      // Neither a write nor a lock that its caller was told had failed lands late.
      expect(await store.get("k-given-up")).toBeUndefined();
      expect(await store.tryLock("k-given-up", 60_000)).not.toBeNull();
    } finally {
      warn.mockRestore();
      await stopProcess(own);
    }
  });

  it("fails fast when Redis is down, and Django is never called without the lock", async () => {
    const rotate = vi.fn(async (): Promise<RotationAtDjango> => ({ kind: "unavailable" }));
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const outcome = instance(deadUrl, rotate).refresh({
      pair: pair("R0"),
      chainId: "c-dead-0000000000",
    });
    await expect(outcome).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(rotate).not.toHaveBeenCalled();
  });
});

/**
 * A loopback proxy to the Redis on `port` that holds back, for `stallMs`, whatever the client
 * sends from the chunk with the command named `command` on (in order: later commands wait behind
 * it, as on a stalled server). Counts the commands it saw.
 */
async function slowCommandProxy(port: string, command: string, stallMs: number) {
  const marker = `\r\n$${command.length}\r\n${command}\r\n`;
  const sockets = new Set<Socket>();
  const proxy = {
    port: 0,
    seen: 0,
    stallMs,
    close: () => {
      for (const socket of sockets) socket.destroy();
      listener.close();
    },
  };
  const listener = createServer((client) => {
    const upstream = connect(Number(port), "127.0.0.1");
    sockets.add(client).add(upstream);
    let sent = Promise.resolve();
    client.on("data", (chunk) => {
      const stalls = chunk.toString().includes(marker);
      if (stalls) proxy.seen += 1;
      const pause = stalls ? proxy.stallMs : 0;
      sent = sent
        .then(() => new Promise((resolve) => setTimeout(resolve, pause)))
        .then(() => void upstream.write(chunk));
    });
    upstream.pipe(client);
    for (const socket of [client, upstream]) socket.on("error", () => undefined);
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  proxy.port = (listener.address() as AddressInfo).port;
  return proxy;
}

function instance(
  redisUrl: string,
  rotate: CoordinatorDeps["rotate"],
  crypto = createStoreCrypto([TEST_SECRET]),
  overrides: Partial<CoordinatorDeps> = {},
) {
  return createRefreshCoordinator({
    store: stores.open(redisUrl),
    rotate,
    revoke: async () => undefined,
    hash: crypto.hashForStore,
    previousHashes: crypto.previousHashesForStore,
    seal: crypto.sealRecord,
    open: crypto.openRecord,
    reuseWindowMs: 30_000,
    reuseDetection: "revoke",
    callerWaitMs: 5_000,
    lockTtlMs: 10_000,
    warn: () => undefined,
    ...overrides,
  });
}

describe("replica acknowledgements: their parts without a server", () => {
  const replica = (n: number, state: string, lag: number) =>
    `slave${n}:ip=10.0.0.${n},port=7000,state=${state},offset=5012,lag=${lag}`;

  it("counts a replica in sync when it is online and at most 2 s behind, as min-replicas-max-lag does", () => {
    const info = (...lines: string[]) => ["# Replication", "role:master", ...lines].join("\r\n");
    expect(hasReplicaInSync(info(`connected_slaves:1`, replica(0, "online", 0)))).toBe(true);
    expect(hasReplicaInSync(info(replica(0, "online", 2)))).toBe(true);
    expect(hasReplicaInSync(info(replica(0, "online", 3)))).toBe(false);
    expect(hasReplicaInSync(info(replica(0, "online", 12)))).toBe(false);
    expect(hasReplicaInSync(info(replica(0, "wait_bgsave", 0)))).toBe(false);
    expect(hasReplicaInSync(info(replica(0, "online", 9), replica(11, "online", 1)))).toBe(true);
    expect(hasReplicaInSync(info("connected_slaves:0"))).toBe(false);
    expect(hasReplicaInSync(undefined)).toBe(false); // INFO refused.
  });

  it("sends one WAIT at a time per connection; who comes meanwhile shares the next, sent at once when free", async () => {
    const share = sharedWaits();
    const connection = { sendCommand: async () => undefined };
    const other = { sendCommand: async () => undefined };
    const answers: Array<(value: number) => void> = [];
    const send = vi.fn(() => new Promise<number>((resolve) => answers.push(resolve)));

    const first = share(connection, send);
    const [second, third] = [share(connection, send), share(connection, send)];
    expect(second).toBe(third);
    void share(other, send); // Another connection waits for no one.
    expect(send).toHaveBeenCalledTimes(2);

    answers[0]!(1);
    expect(await first).toBe(1);
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(3));
    answers[2]!(2);
    expect(await second).toBe(2);

    // Nothing out: the next WAIT goes out at once, not after a turn of the event loop.
    void share(connection, send);
    expect(send).toHaveBeenCalledTimes(4);
  });
});
