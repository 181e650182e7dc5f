import "server-only";
import { createClient } from "@redis/client";
import { randomUUID } from "node:crypto";
import type { Rotation, RotationStore, Unlock } from "./rotation-store";

const PREFIX = "next-django-simplejwt:";
// Deletes the lock only if it is still ours: it may have lapsed and been taken by another instance.
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

/** Rotations shared by every server instance. Keys are keyed hashes; values hold sealed tokens. */
export class RedisRotationStore implements RotationStore {
  readonly #client;
  #connecting: Promise<unknown> | null = null;

  constructor(url: string) {
    this.#client = createClient({ url, socket: { connectTimeout: 2_000 } });
    this.#client.on("error", (error: unknown) => console.warn("[auth] Redis:", error));
  }

  async get(key: string): Promise<Rotation | undefined> {
    const value = await (await this.#connected()).get(`${PREFIX}rotation:${key}`);
    return value ? (JSON.parse(value) as Rotation) : undefined;
  }

  async set(key: string, rotation: Rotation, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await (
      await this.#connected()
    ).set(`${PREFIX}rotation:${key}`, JSON.stringify(rotation), {
      expiration: { type: "PX", value: Math.ceil(ttlMs) },
    });
  }

  async tryLock(key: string, ttlMs: number): Promise<Unlock | null> {
    const client = await this.#connected();
    const lockKey = `${PREFIX}lock:${key}`;
    const owner = randomUUID();
    const taken = await client.set(lockKey, owner, {
      condition: "NX",
      expiration: { type: "PX", value: ttlMs },
    });
    if (taken !== "OK") return null;
    return async () => {
      await client.eval(RELEASE_SCRIPT, { keys: [lockKey], arguments: [owner] });
    };
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
