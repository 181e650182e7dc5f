/** Every key and channel the engine uses on Redis starts with this. */
export const PREFIX = "next-django-simplejwt:";

/**
 * Every release is announced, so waiters wake at once instead of polling: on one server, on this
 * channel; on a cluster, on a shard channel of the lock's own slot (sharded pub/sub, Redis 7), so
 * an announcement stays on the shard that holds the lock. The message is the lock's key, then,
 * for a lock taken with tryLockThenGet, a newline and its read key's value at the release (empty
 * if none): the waiter needs no read of its own after waking.
 */
export const RELEASED_CHANNEL = `${PREFIX}lock-released`;

/** What the store needs of a client to hear one server's announcements. */
type Subscriber = {
  on(event: "error", listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy(): void;
};

/** What the store needs of a cluster client to hear announcements on shard channels. */
type ShardSubscriber = {
  sSubscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  sUnsubscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
};

/**
 * How a waiter hears of a release: `listen` resolves once it listens (false if it cannot; the
 * waiter then polls) and returns how to stop.
 */
export type Announcements = {
  publish: { command: "publish" | "spublish"; channel: (lockKey: string) => string };
  listen(
    lockKey: string,
    onRelease: (announced: Announced) => void,
  ): Promise<{ isListening: boolean; stop(): void }>;
  /** Closes the connection it opened for itself, if any (the store is closed with it). */
  close(): void;
};

/** What a release announced: the read key's value, or undefined if the holder read none. */
export type Announced = { value: string | undefined } | undefined;

/** Splits an announcement into the lock's key and what it carries (see RELEASED_CHANNEL). */
function parseAnnouncement(message: string): { lockKey: string; announced: Announced } {
  const newline = message.indexOf("\n");
  if (newline < 0) return { lockKey: message, announced: undefined };
  return {
    lockKey: message.slice(0, newline),
    announced: { value: message.slice(newline + 1) || undefined },
  };
}

/**
 * One server: one subscriber connection per process on the one channel, started by the first
 * wait and kept; each announcement wakes the waiters of its lock. If it fails, waiters wake by
 * their timeout and the next wait tries again.
 */
export function serverAnnouncements(duplicate: () => Subscriber): Announcements {
  const waiters = new Map<string, Set<(announced: Announced) => void>>();
  let subscribing: Promise<boolean> | null = null;
  let subscriber: Subscriber | null = null;
  let isClosed = false;
  const subscribe = () =>
    (subscribing ??= (async () => {
      if (isClosed) return false;
      const connection = (subscriber = duplicate());
      connection.on("error", () => undefined); // The command connection reports errors.
      await connection.connect();
      await connection.subscribe(RELEASED_CHANNEL, (message) => {
        const { lockKey, announced } = parseAnnouncement(message);
        for (const wake of [...(waiters.get(lockKey) ?? [])]) wake(announced);
      });
      return true;
    })().catch(() => {
      subscribing = null;
      return false;
    }));
  return {
    publish: { command: "publish", channel: () => RELEASED_CHANNEL },
    async listen(lockKey, onRelease) {
      const set = waiters.get(lockKey) ?? new Set();
      set.add(onRelease);
      waiters.set(lockKey, set);
      const stop = () => {
        set.delete(onRelease);
        if (set.size === 0 && waiters.get(lockKey) === set) waiters.delete(lockKey);
      };
      return { isListening: await subscribe(), stop };
    },
    close() {
      isClosed = true;
      subscriber?.destroy();
    },
  };
}

/**
 * A cluster: each wait subscribes to its lock's shard channel (same hash tag, same slot) on the
 * node that owns it, and unsubscribes when it ends; the client follows the slot through a
 * failover.
 */
export function clusterAnnouncements(
  cluster: ShardSubscriber,
  connected: () => Promise<unknown>,
): Announcements {
  const channel = (lockKey: string) => `${RELEASED_CHANNEL}:${lockKey}`;
  return {
    publish: { command: "spublish", channel },
    async listen(lockKey, onRelease) {
      const listener = (message: string) => onRelease(parseAnnouncement(message).announced);
      const stop = () =>
        void cluster.sUnsubscribe(channel(lockKey), listener).catch(() => undefined);
      try {
        await connected();
        await cluster.sSubscribe(channel(lockKey), listener);
        return { isListening: true, stop };
      } catch {
        return { isListening: false, stop };
      }
    },
    close: () => undefined, // The cluster client carries the subscriptions.
  };
}
