import type { RotationStore, Unlock } from "./rotation-store";

type Entry = { value: string; expiresAt: number };

/** In-process store: entries expire, and past `maxEntries` the least recently used goes first. */
export class MemoryRotationStore implements RotationStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.#entries.set(key, entry); // Re-insert: Map order is our recency order.
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.delete(key);
    if (ttlMs <= 0) return;
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  /** One process: the coordinator's in-process single flight already serializes rotations. */
  async tryLock(): Promise<Unlock> {
    return async () => undefined;
  }

  get size(): number {
    return this.#entries.size;
  }
}
