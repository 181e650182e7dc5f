import "server-only";
import { createClient } from "@redis/client";
import { randomUUID } from "node:crypto";
import type { RotationStore, Unlock } from "./rotation-store";

const PREFIX = "next-django-simplejwt:";
/** Every release is announced here (the lock's key), so waiters wake at once instead of polling. */
const RELEASED_CHANNEL = `${PREFIX}lock-released`;
// Deletes the lock only if it is still ours: it may have lapsed and been taken by another instance.
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then redis.call("del", KEYS[1]) redis.call("publish", ARGV[2], KEYS[1]) return 1 end return 0`;
// Raises the integer at KEYS[1] to ARGV[1], never lowers it (a sealed string counts as absent).
const RAISE_SCRIPT = `local current = tonumber(redis.call("get", KEYS[1])) if current == nil or tonumber(ARGV[1]) > current then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end return 0`;
/** Every call fails within this when Redis is down or stuck: far below a caller's 8 s wait. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** Shared by every server instance. Keys are keyed hashes; values are sealed records. */
export class RedisRotationStore implements RotationStore {
  readonly #client;
  #connecting: Promise<unknown> | null = null;
  readonly #wakeups = new Map<string, Set<() => void>>();
  #subscribing: Promise<boolean> | null = null;

  constructor(
    url: string,
    private readonly timeoutMs = REDIS_COMMAND_TIMEOUT_MS,
  ) {
    this.#client = connectTo(url, timeoutMs);
    this.#client.on("error", (error: unknown) => console.warn("[auth] Redis:", error));
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#run((client) => client.get(`${PREFIX}${key}`));
    return typeof value === "string" ? value : undefined;
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
    void this.#subscribe();
    const lockKey = `${PREFIX}lock:${key}`;
    const owner = randomUUID();
    const release = async () => {
      await this.#run((client) =>
        client.eval(RELEASE_SCRIPT, { keys: [lockKey], arguments: [owner, RELEASED_CHANNEL] }),
      );
    };
    let taken: string | null;
    try {
      taken = await this.#run((client) =>
        client.set(lockKey, owner, { condition: "NX", expiration: { type: "PX", value: ttlMs } }),
      );
    } catch (error) {
      // A stuck Redis may still apply the SET after we gave up: free the lock nobody holds.
      setTimeout(() => release().catch(() => undefined), this.timeoutMs);
      throw error;
    }
    return taken === "OK" ? release : null;
  }

  /**
   * Resolves when the lock on `key` is released anywhere, or after `maxMs` (the fallback poll).
   * The waiter listens on a live subscription before it looks at the lock again: a release that
   * came between the caller's failed tryLock and this call (its announcement already gone, or
   * read before the waiter was registered) shows as a lock that is no longer there.
   */
  async waitForUnlock(key: string, maxMs: number): Promise<void> {
    const lockKey = `${PREFIX}lock:${key}`;
    const startedAt = Date.now();
    const isListening = await withTimeout(this.#subscribe(), maxMs, "").catch(() => false);
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      const waiters = this.#wakeups.get(lockKey) ?? new Set();
      wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        if (waiters.size === 0) this.#wakeups.delete(lockKey);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, maxMs - (Date.now() - startedAt)));
      waiters.add(wake);
      this.#wakeups.set(lockKey, waiters);
    });
    if (isListening) {
      this.#run((client) => client.exists(lockKey)).then(
        (count) => (count === 0 ? wake() : undefined),
        () => undefined, // Redis is failing: the timeout wakes the waiter, the caller sees why.
      );
    }
    await woken;
  }

  /**
   * One subscriber connection per process, started by the first lock so it is live before anyone
   * waits; true once it listens. If it fails, waiters wake by their timeout and the next call
   * tries again.
   */
  #subscribe(): Promise<boolean> {
    this.#subscribing ??= (async () => {
      const subscriber = this.#client.duplicate();
      subscriber.on("error", () => undefined); // The command connection already reports errors.
      await subscriber.connect();
      await subscriber.subscribe(RELEASED_CHANNEL, (lockKey) => {
        for (const wake of [...(this.#wakeups.get(lockKey) ?? [])]) wake();
      });
      return true;
    })().catch(() => {
      this.#subscribing = null;
      return false;
    });
    return this.#subscribing;
  }

  async #run<T>(command: (client: Client) => Promise<T>): Promise<T> {
    return withTimeout(
      (async () => command(await this.#connected()))(),
      this.timeoutMs,
      "Redis did not answer in time",
    );
  }

  async #connected() {
    this.#connecting ??= this.#client.connect().catch((error: unknown) => {
      this.#connecting = null; // Try again on the next call.
      throw error;
    });
    await this.#connecting;
    return this.#client;
  }
}

function connectTo(url: string, timeoutMs: number) {
  return createClient({
    url,
    // No offline queue: while Redis is down a command fails at once instead of waiting forever.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: timeoutMs,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000),
    },
  });
}

type Client = ReturnType<typeof connectTo>;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A command that loses the race may still fail later; its caller has already been told.
  work.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
