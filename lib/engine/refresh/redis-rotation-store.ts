import "server-only";
import { createClient, createCluster, ErrorReply } from "@redis/client";
import { randomUUID } from "node:crypto";
import { afterDeadline, settleWithin } from "@/lib/engine/deadline";
import {
  clusterAnnouncements,
  PREFIX,
  serverAnnouncements,
  type Announced,
  type Announcements,
} from "./redis-announcements";
import type { LockWithRead, RotationStore, Unlock } from "./rotation-store";

// Deletes the lock only if it is still ours (it may have lapsed and been taken by another
// instance), then announces it (redis-announcements.ts) with ARGV[3]: publish, or spublish on a
// cluster.
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then redis.call("del", KEYS[1]) local message = KEYS[1] if KEYS[2] then message = message .. "\\n" .. (redis.call("get", KEYS[2]) or "") end redis.call(ARGV[3], ARGV[2], message) return 1 end return 0`;
// Takes the lock at KEYS[1] and reads KEYS[2] in the same step: {1, value} or {0}.
const LOCK_THEN_GET_SCRIPT = `if redis.call("set", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return {1, redis.call("get", KEYS[2])} end return {0}`;
// A waiter's second look: {0} while the lock at KEYS[1] is held; once gone, {1, KEYS[2]'s value}.
const RELEASED_THEN_GET_SCRIPT = `if redis.call("exists", KEYS[1]) == 1 then return {0} end if KEYS[2] then return {1, redis.call("get", KEYS[2])} end return {1}`;
// Writes KEYS[2] (ARGV[1], for ARGV[2] ms) and reads KEYS[3]: present, {2, its value}, the lock at
// KEYS[1] kept; absent, the lock released and announced as RELEASE_SCRIPT does ({1}; {0} if it
// was no longer ours).
const WRITE_THEN_UNLOCK_SCRIPT = `redis.call("set", KEYS[2], ARGV[1], "PX", ARGV[2]) local unless = redis.call("get", KEYS[3]) if unless then return {2, unless} end if redis.call("get", KEYS[1]) == ARGV[3] then redis.call("del", KEYS[1]) redis.call(ARGV[5], ARGV[4], KEYS[1] .. "\\n" .. ARGV[1]) return {1} end return {0}`;
// Raises the integer at KEYS[1] to ARGV[1], never lowers it (a sealed string counts as absent).
const RAISE_SCRIPT = `local current = tonumber(redis.call("get", KEYS[1])) if current == nil or tonumber(ARGV[1]) > current then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end return 0`;
/** Every call fails within this when Redis is down or stuck: far below a caller's 8 s wait. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** How long a lock or record waits for a replica's acknowledgement (a healthy one takes ~1 ms). */
export const REPLICA_ACK_MS = 250;
/**
 * A replica silent for longer counts as gone, as Redis's own `min-replicas-max-lag` judges it (a
 * healthy one acknowledges every second): rotations go on without it rather than answer 503 until
 * its master drops it (`repl-timeout`, 60 s by default).
 */
const REPLICA_MAX_LAG_S = 2;
/**
 * A master found without a replica in sync is asked again this long after, not at every step of
 * every rotation (two `INFO` round trips each): a replica that comes, or comes back, is waited for
 * within a second, inside the 2 s that REPLICA_MAX_LAG_S already allows a replica's state to lag.
 */
const NO_REPLICA_RECHECK_MS = 1_000;

/** One Redis server (a URL), or a Redis Cluster (some of its nodes' URLs; the rest are found). */
export type RedisTarget = string | { cluster: readonly string[] };

/** The commands the store sends: the same on a client and on a cluster (routed by key). */
type Commands = {
  get(key: string): Promise<unknown>;
  mGet(keys: string[]): Promise<unknown[]>;
  set(key: string, value: string, options: object): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
};

/** A connection to one Redis server. */
type Connection = { sendCommand(args: string[]): Promise<unknown> };

/**
 * Where a keyless command (INFO, WAIT) about `key` goes: the master that serves it, on the
 * connection that wrote there.
 */
type ConnectionFor = (key: string) => Promise<Connection>;

/** Shared by every server instance. Keys are keyed hashes; values are sealed records. */
export class RedisRotationStore implements RotationStore {
  readonly #client: Commands;
  readonly #connectionFor: ConnectionFor;
  readonly #sharedWait = sharedWaits();
  readonly #announcements: Announcements;
  #connecting: Promise<unknown> | null = null;
  #closing: Promise<void> | null = null;
  /** Cleared when the server refuses INFO or WAIT (a managed Redis's ACL or command list). */
  #canAskReplicas = true;
  /** Until when the master behind each connection counts as one without a replica in sync. */
  readonly #withoutReplicaUntil = new WeakMap<Connection, number>();

  constructor(
    target: RedisTarget,
    private readonly timeoutMs = REDIS_COMMAND_TIMEOUT_MS,
  ) {
    const report = (error: unknown) => console.warn("[auth] Redis:", error);
    if (typeof target === "string") {
      const client = connectTo(target, timeoutMs);
      client.on("error", report);
      this.#client = client as unknown as Commands;
      this.#connectionFor = async () => client;
      this.#announcements = serverAnnouncements(() => client.duplicate());
    } else {
      const cluster = connectToCluster(target.cluster, timeoutMs);
      cluster.on("error", report);
      this.#client = cluster as unknown as Commands;
      // Not cluster.sendCommand: its policies send INFO and WAIT to every master.
      this.#connectionFor = (key) => cluster.getNodeClientForKey(key, false);
      this.#announcements = clusterAnnouncements(cluster, () => this.#connected());
    }
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#run((client) => client.get(`${PREFIX}${key}`));
    return typeof value === "string" ? value : undefined;
  }

  async getAll(keys: readonly string[]): Promise<(string | undefined)[]> {
    const values = await this.#run((client) => client.mGet(keys.map((key) => `${PREFIX}${key}`)));
    return values.map((value) => (typeof value === "string" ? value : undefined));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.#run((client) =>
      client.set(`${PREFIX}${key}`, value, {
        expiration: { type: "PX", value: Math.ceil(ttlMs) },
      }),
    );
  }

  async raise(key: string, value: number, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.#run((client) =>
      client.eval(RAISE_SCRIPT, {
        keys: [`${PREFIX}${key}`],
        arguments: [String(value), String(Math.ceil(ttlMs))],
      }),
    );
  }

  async tryLock(key: string, ttlMs: number): Promise<Unlock | null> {
    const { lockKey, owner, release } = this.#lockOf(key, []);
    const taken = await this.#taking(release, (client) =>
      client.set(lockKey, owner, { condition: "NX", expiration: { type: "PX", value: ttlMs } }),
    );
    if (taken !== "OK") return null;
    await this.#replicatedOrReleased(lockKey, release);
    return release;
  }

  /** One script: the lock, and the record it guards as it stands once the lock is held. */
  async tryLockThenGet(key: string, ttlMs: number, readKey: string): Promise<LockWithRead | null> {
    const { lockKey, owner, release } = this.#lockOf(key, [`${PREFIX}${readKey}`]);
    const taken = await this.#taking(release, (client) =>
      client.eval(LOCK_THEN_GET_SCRIPT, {
        keys: [lockKey, `${PREFIX}${readKey}`],
        arguments: [owner, String(ttlMs)],
      }),
    );
    if (!Array.isArray(taken) || taken[0] !== 1) return null;
    await this.#replicatedOrReleased(lockKey, release);
    let isReleased = false;
    const { command, channel } = this.#announcements.publish;
    return {
      unlock: async () => (isReleased ? undefined : release()),
      value: typeof taken[1] === "string" ? taken[1] : undefined,
      writeThenUnlock: async (value, ttlMs, unlessKey) => {
        if (ttlMs <= 0) return this.get(unlessKey); // Nothing to write; unlock() releases.
        const done = await this.#run((client) =>
          client.eval(WRITE_THEN_UNLOCK_SCRIPT, {
            keys: [lockKey, `${PREFIX}${readKey}`, `${PREFIX}${unlessKey}`],
            arguments: [value, String(Math.ceil(ttlMs)), owner, channel(lockKey), command],
          }),
        );
        if (!Array.isArray(done)) throw new Error("Redis answered the write oddly");
        if (done[0] !== 2) isReleased = true; // Released now, or lapsed: not ours to free.
        // Not on a replica yet: the caller writes it again (durable-write.ts), a failover may
        // have lost it.
        await this.#replicated(lockKey);
        return done[0] === 2 && typeof done[1] === "string" ? done[1] : undefined;
      },
    };
  }

  /** A lock's key, a random owner, and its release (which announces `announce`'s value). */
  #lockOf(key: string, announce: string[]) {
    const lockKey = `${PREFIX}lock:${key}`;
    const owner = randomUUID();
    const { command, channel } = this.#announcements.publish;
    const release = async () => {
      await this.#run((client) =>
        client.eval(RELEASE_SCRIPT, {
          keys: [lockKey, ...announce],
          arguments: [owner, channel(lockKey), command],
        }),
      );
    };
    return { lockKey, owner, release };
  }

  /**
   * Resolves once a replica of `key`'s master has everything this connection wrote there, if
   * that master has a replica in sync; throws if none acknowledged in REPLICA_ACK_MS. Redis
   * replicates asynchronously: a master that dies (or is cut off and replaced) before its replica
   * has a lock loses it, and another instance would rotate the same token, which simplejwt
   * refuses (a sign-out). The replica that has it is the one a failover promotes first.
   */
  async #replicated(key: string): Promise<void> {
    const connection = await this.#run(() => this.#connectionFor(key));
    if (Date.now() < (this.#withoutReplicaUntil.get(connection) ?? 0)) return;
    const info = await this.#askAboutReplicas(connection, ["INFO", "replication"]);
    if (!hasReplicaInSync(info)) {
      this.#withoutReplicaUntil.set(connection, Date.now() + NO_REPLICA_RECHECK_MS);
      return;
    }
    const waitArgs = ["WAIT", "1", String(REPLICA_ACK_MS)];
    const acknowledged = await this.#askAboutReplicas(connection, waitArgs);
    if (acknowledged !== undefined && Number(acknowledged) < 1)
      throw new Error(`no Redis replica acknowledged the write within ${REPLICA_ACK_MS} ms`);
  }

  /**
   * INFO or WAIT's answer; undefined once the server refused either (said once): a Redis that
   * does not let us ask goes on as one without replicas, rather than refuse every rotation.
   */
  async #askAboutReplicas(connection: Connection, args: string[]): Promise<unknown> {
    if (!this.#canAskReplicas) return undefined;
    try {
      return await this.#run(async () => {
        const send = () => connection.sendCommand(args);
        return args[0] === "WAIT" ? this.#sharedWait(connection, send) : send();
      });
    } catch (error) {
      if (!(error instanceof ErrorReply)) throw error;
      this.#canAskReplicas = false;
      console.warn(
        `[auth] Redis refused ${args[0]} (${error.message}): locks are not confirmed on a replica, and a failover may lose one`,
      );
      return undefined;
    }
  }

  /** A lock no replica has is no lock through a failover: released, and the caller told (503). */
  async #replicatedOrReleased(lockKey: string, release: Unlock): Promise<void> {
    try {
      await this.#replicated(lockKey);
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
  }

  async #taking<T>(release: Unlock, take: (client: Commands) => Promise<T>): Promise<T> {
    try {
      return await this.#run(take);
    } catch (error) {
      // A stuck Redis may still take the lock after we gave up: free the lock nobody holds.
      setTimeout(() => release().catch(() => undefined), this.timeoutMs);
      throw error;
    }
  }

  /**
   * Resolves when the lock on `key` is released anywhere, or after `maxMs` (the fallback poll).
   * The waiter listens before it looks at the lock again: a release that came between the
   * caller's failed tryLock and this call (its announcement already gone) shows as a lock that
   * is no longer there, and that look reads `readKey` as the announcement would have carried it.
   */
  async waitForUnlock(
    key: string,
    maxMs: number,
    readKey?: string,
  ): Promise<{ value: string | undefined } | void> {
    const lockKey = `${PREFIX}lock:${key}`;
    const startedAt = Date.now();
    let wake: (announced?: Announced) => void = () => undefined;
    const woken = new Promise<Announced>((resolve) => {
      wake = resolve;
    });
    const listening = this.#announcements.listen(lockKey, (announced) => wake(announced));
    const isListening = await withTimeout(listening, maxMs, "").then(
      (listened) => listened.isListening,
      () => false,
    );
    const stopTimer = afterDeadline(Math.max(0, maxMs - (Date.now() - startedAt)), () => wake());
    if (isListening) {
      const keys = readKey === undefined ? [lockKey] : [lockKey, `${PREFIX}${readKey}`];
      this.#run((client) => client.eval(RELEASED_THEN_GET_SCRIPT, { keys, arguments: [] })).then(
        (look) => {
          if (!Array.isArray(look) || look[0] !== 1) return;
          wake(
            look.length > 1
              ? { value: typeof look[1] === "string" ? look[1] : undefined }
              : undefined,
          );
        },
        () => undefined, // Redis is failing: the timeout wakes the waiter, the caller sees why.
      );
    }
    const announced = await woken;
    stopTimer();
    // Stops listening, even when listening began only after the wait gave up on it.
    void listening.then(
      ({ stop }) => stop(),
      () => undefined,
    );
    return announced;
  }

  /** Waits for the answers to the commands already sent, then closes every connection. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#announcements.close();
      // Closing a client that never connected throws: destroying it is all there is to do.
      await Promise.resolve()
        .then(() => this.#client.close())
        .catch(() => this.#client.destroy());
    })();
    return this.#closing;
  }

  async #run<T>(command: (client: Commands) => Promise<T>): Promise<T> {
    return withTimeout(
      (async () => command(await this.#connected()))(),
      this.timeoutMs,
      "Redis did not answer in time",
    );
  }

  async #connected() {
    if (this.#closing) throw new Error("the rotation store is closed");
    this.#connecting ??= this.#client.connect().catch((error: unknown) => {
      this.#connecting = null; // Try again on the next call.
      throw error;
    });
    await this.#connecting;
    return this.#client;
  }
}

const socketOptions = (timeoutMs: number) => ({
  connectTimeout: timeoutMs,
  reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000),
});

function connectTo(url: string, timeoutMs: number) {
  return createClient({
    url,
    // No offline queue: while Redis is down a command fails at once instead of waiting forever.
    disableOfflineQueue: true,
    socket: socketOptions(timeoutMs),
  });
}

/**
 * Nodes found from the given ones take their credentials and TLS from the first URL (a
 * cluster's nodes share them); replicas are not read from (a lock must be read where written).
 */
function connectToCluster(urls: readonly string[], timeoutMs: number) {
  const first = new URL(urls[0] ?? "redis://127.0.0.1:6379");
  return createCluster({
    rootNodes: urls.map((url) => ({ url })),
    defaults: {
      username: decodeURIComponent(first.username) || undefined,
      password: decodeURIComponent(first.password) || undefined,
      disableOfflineQueue: true,
      socket: { ...socketOptions(timeoutMs), tls: first.protocol === "rediss:" },
    },
  });
}

/** Whether `INFO replication` names a replica online and at most REPLICA_MAX_LAG_S behind. */
export function hasReplicaInSync(info: unknown): boolean {
  const lags = String(info).matchAll(/^slave\d+:.*state=online,.*lag=(\d+)/gm);
  return Array.from(lags).some(([, lag]) => Number(lag) <= REPLICA_MAX_LAG_S);
}

/**
 * One `WAIT` on a connection at a time, shared: a `WAIT` covers everything its connection wrote
 * before it, and while it waits (up to REPLICA_ACK_MS when the replica is slow or frozen) every
 * other command on that connection waits behind it. One per caller, N rotations at once would
 * hold the connection up to N × REPLICA_ACK_MS, and the instance's other commands to that master
 * (other sessions' reads, the proxy's seen marks) would time out behind them. So a caller that
 * comes while one is out takes the next, sent when that one answers, with every caller who came
 * meanwhile: each caller's write was answered before that next `WAIT` goes out, so it covers them.
 */
export function sharedWaits() {
  const waits = new WeakMap<Connection, { out?: Promise<unknown>; next?: Promise<unknown> }>();
  return (connection: Connection, send: () => Promise<unknown>): Promise<unknown> => {
    const slot = waits.get(connection) ?? {};
    waits.set(connection, slot);
    if (slot.next) return slot.next;
    const sendNow = () => {
      slot.next = undefined;
      const sent = send();
      slot.out = sent;
      const done = () => {
        if (slot.out === sent) slot.out = undefined;
      };
      sent.then(done, done);
      return sent;
    };
    if (!slot.out) return sendNow();
    slot.next = slot.out.then(sendNow, sendNow);
    return slot.next;
  };
}

const TIMED_OUT = Symbol("timed out");

/**
 * `work`'s answer, or `message` thrown once `ms` have passed since the command went out: the
 * count starts where node-redis writes what it queued (from setImmediate, after this process has
 * worked through the requests in hand), so a busy process's own backlog is not taken for a stuck
 * Redis. A command that loses may still fail later (ignored): its caller has already been told.
 */
async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  work.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  const settled = await settleWithin(work, ms, TIMED_OUT);
  if (settled === TIMED_OUT) throw new Error(message);
  return settled;
}
