import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import {
  clusterAnnouncements,
  RELEASED_CHANNEL,
  serverAnnouncements,
  type Announced,
} from "./redis-announcements";

/**
 * The subscriber connections the store would duplicate from its client, as a fake: what they were
 * asked, and a way to deliver a message. redis-rotation-store.test.ts runs the same code against
 * redis-server; these are the bookkeeping cases a real server cannot stage on demand.
 */
function fakeSubscribers({ failConnect = false } = {}) {
  const made: Array<EventEmitter & { listeners: Map<string, (message: string) => void> }> = [];
  const destroyed: number[] = [];
  const duplicate = () => {
    const index = made.length;
    const connection = Object.assign(new EventEmitter(), {
      listeners: new Map<string, (message: string) => void>(),
      connect: async () => {
        if (failConnect) throw new Error("ECONNREFUSED");
      },
      subscribe: async (channel: string, listener: (message: string) => void) => {
        connection.listeners.set(channel, listener);
      },
      destroy: () => void destroyed.push(index),
    });
    made.push(connection);
    return connection;
  };
  const deliver = (message: string) => made.at(-1)?.listeners.get(RELEASED_CHANNEL)?.(message);
  return { duplicate, made, destroyed, deliver };
}

const wakes = () => vi.fn<(announced: Announced) => void>();

describe("serverAnnouncements", () => {
  it("wakes every waiter of the released lock with what it carried, and only those", async () => {
    const subscribers = fakeSubscribers();
    const announcements = serverAnnouncements(subscribers.duplicate);
    const [first, second, other] = [wakes(), wakes(), wakes()];
    expect((await announcements.listen("lock:a", first)).isListening).toBe(true);
    await announcements.listen("lock:a", second);
    await announcements.listen("lock:b", other);

    subscribers.deliver("lock:a\nthe record");
    expect(first).toHaveBeenCalledWith({ value: "the record" });
    expect(second).toHaveBeenCalledWith({ value: "the record" });
    expect(other).not.toHaveBeenCalled();

    subscribers.deliver("lock:b"); // A plain lock: nothing read.
    expect(other).toHaveBeenCalledWith(undefined);
    subscribers.deliver("lock:b\n"); // A lock whose read key had no value.
    expect(other).toHaveBeenLastCalledWith({ value: undefined });
    expect(subscribers.made).toHaveLength(1); // One connection for every wait.
  });

  it("ignores a release nobody waits for", async () => {
    const subscribers = fakeSubscribers();
    const announcements = serverAnnouncements(subscribers.duplicate);
    await announcements.listen("lock:a", wakes());
    expect(() => subscribers.deliver("lock:nobody\nvalue")).not.toThrow();
  });

  it("a stopped waiter is not woken; the others of its lock still are, however often it stops", async () => {
    const subscribers = fakeSubscribers();
    const announcements = serverAnnouncements(subscribers.duplicate);
    const [gone, staying, later] = [wakes(), wakes(), wakes()];
    const goneWait = await announcements.listen("lock:a", gone);
    await announcements.listen("lock:a", staying);
    goneWait.stop();
    subscribers.deliver("lock:a");
    expect(gone).not.toHaveBeenCalled();
    expect(staying).toHaveBeenCalledOnce();

    // Every waiter gone, then a new one: a late second stop of an old wait must not drop it.
    const alone = await announcements.listen("lock:c", wakes());
    alone.stop();
    await announcements.listen("lock:c", later);
    alone.stop();
    subscribers.deliver("lock:c");
    expect(later).toHaveBeenCalledOnce();
  });

  it("keeps an error on its connection from crashing the process", async () => {
    const subscribers = fakeSubscribers();
    await serverAnnouncements(subscribers.duplicate).listen("lock:a", wakes());
    expect(() => subscribers.made[0]!.emit("error", new Error("socket closed"))).not.toThrow();
  });

  it("says it cannot listen when the connection fails, and tries again on the next wait", async () => {
    const subscribers = fakeSubscribers({ failConnect: true });
    const announcements = serverAnnouncements(subscribers.duplicate);
    expect((await announcements.listen("lock:a", wakes())).isListening).toBe(false);
    expect((await announcements.listen("lock:a", wakes())).isListening).toBe(false);
    expect(subscribers.made).toHaveLength(2);
  });

  it("once closed, destroys its connection and opens no other", async () => {
    const subscribers = fakeSubscribers();
    const announcements = serverAnnouncements(subscribers.duplicate);
    await announcements.listen("lock:a", wakes());
    announcements.close();
    expect(subscribers.destroyed).toEqual([0]);

    const closedEarly = serverAnnouncements(subscribers.duplicate);
    closedEarly.close();
    expect((await closedEarly.listen("lock:a", wakes())).isListening).toBe(false);
    expect(subscribers.made).toHaveLength(1);
  });
});

describe("clusterAnnouncements", () => {
  function fakeCluster({ failSubscribe = false, connected = async () => undefined } = {}) {
    const subscribed = new Map<string, (message: string) => void>();
    const unsubscribed: string[] = [];
    const cluster = {
      sSubscribe: async (channel: string, listener: (message: string) => void) => {
        if (failSubscribe) throw new Error("CLUSTERDOWN");
        subscribed.set(channel, listener);
      },
      sUnsubscribe: async (channel: string, listener: (message: string) => void) => {
        if (subscribed.get(channel) === listener) subscribed.delete(channel);
        unsubscribed.push(channel);
        throw new Error("the node is gone"); // A failed unsubscribe is no one's concern.
      },
    };
    return { announcements: clusterAnnouncements(cluster, connected), subscribed, unsubscribed };
  }

  it("listens on the lock's own shard channel, publishes there, and unsubscribes when stopped", async () => {
    const { announcements, subscribed, unsubscribed } = fakeCluster();
    const channel = `${RELEASED_CHANNEL}:lock:{chain}`;
    expect(announcements.publish).toEqual({ command: "spublish", channel: expect.any(Function) });
    expect(announcements.publish.channel("lock:{chain}")).toBe(channel);

    const woken = wakes();
    const wait = await announcements.listen("lock:{chain}", woken);
    expect(wait.isListening).toBe(true);
    subscribed.get(channel)!("lock:{chain}\nthe record");
    expect(woken).toHaveBeenCalledWith({ value: "the record" });

    wait.stop();
    await vi.waitFor(() => expect(unsubscribed).toEqual([channel]));
    expect(subscribed.size).toBe(0);
  });

  it("says it cannot listen when the cluster is not connected or refuses the subscription", async () => {
    const refused = fakeCluster({ failSubscribe: true });
    expect((await refused.announcements.listen("lock:a", wakes())).isListening).toBe(false);
    const unreachable = fakeCluster({
      connected: async () => {
        throw new Error("no node answers");
      },
    });
    expect((await unreachable.announcements.listen("lock:a", wakes())).isListening).toBe(false);
    expect(unreachable.subscribed.size).toBe(0);
  });
});
