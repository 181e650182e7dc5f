import { AppError } from "@/lib/engine/errors";
import type { RotationStore, Unlock } from "./rotation-store";

type Entry = { value: string; expiresAt: number };
type Session = { entries: Map<string, Entry>; writtenAt: number };

/** A store key's session: its hash tag (`chain:{tag}`), or the key itself when it has none. */
const sessionOf = (key: string) => /\{([^}]+)\}/.exec(key)?.[1] ?? key;

/**
 * In-process store, bounded in sessions (a chain's records count once). Past the limit the least
 * recently used session goes, but never one written within `protectMs` (the reuse window): then
 * a new session's lock is refused (503, the cookie is kept) rather than forget what protects one.
 */
export class MemoryRotationStore implements RotationStore {
  readonly #sessions = new Map<string, Session>();
  #evictedLive = 0;

  constructor(
    readonly maxSessions = 10_000,
    private readonly now: () => number = Date.now,
    private readonly protectMs = 0,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.#read(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#write(key, value, ttlMs);
  }

  /** Read and write happen in one turn of the event loop: nothing interleaves. */
  async raise(key: string, value: number, ttlMs: number): Promise<void> {
    const current = Number.parseInt(this.#read(key) ?? "", 10);
    if (!(current >= value)) this.#write(key, String(value), ttlMs);
  }

  #read(key: string): string | undefined {
    const id = sessionOf(key);
    const session = this.#sessions.get(id);
    const entry = session?.entries.get(key);
    if (!session || !entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#drop(id, key);
      return undefined;
    }
    this.#sessions.delete(id);
    this.#sessions.set(id, session); // Re-insert: Map order is our recency order.
    return entry.value;
  }

  #write(key: string, value: string, ttlMs: number) {
    const id = sessionOf(key);
    this.#drop(id, key);
    if (ttlMs <= 0) return;
    // A write that follows a rotation at Django is never refused: the limit is enforced at the lock.
    const session = this.#sessions.get(id) ?? { entries: new Map(), writtenAt: 0 };
    this.#sessions.delete(id);
    session.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    session.writtenAt = this.now();
    this.#sessions.set(id, session);
    while (this.#sessions.size > this.maxSessions && this.#evictOne(id));
  }

  /** One process: the in-process single flight serializes rotations; this only admits sessions. */
  async tryLock(key: string): Promise<Unlock> {
    const id = sessionOf(key);
    if (!this.#sessions.has(id) && this.#sessions.size >= this.maxSessions && !this.#evictOne(id))
      throw new AppError("upstream_unavailable", "the in-memory rotation store is full");
    return async () => undefined;
  }

  /**
   * Sessions held, against the limit, and how many were evicted while their records still
   * mattered (for /api/health): each lost its chain, seen and end records, so an old cookie of it
   * is no longer recognised as reuse (Django still refuses it) and an ended chain's mark is gone
   * (its newest token was blacklisted at Django, unless that call failed).
   */
  get usage(): { sessions: number; maxSessions: number; ratio: number; evictedLive: number } {
    const sessions = this.#sessions.size;
    return {
      sessions,
      maxSessions: this.maxSessions,
      ratio: sessions / this.maxSessions,
      evictedLive: this.#evictedLive,
    };
  }

  /** Keys held, over all sessions. */
  get size(): number {
    let keys = 0;
    for (const session of this.#sessions.values()) keys += session.entries.size;
    return keys;
  }

  #drop(id: string, key: string) {
    const session = this.#sessions.get(id);
    if (!session) return;
    session.entries.delete(key);
    if (session.entries.size === 0) this.#sessions.delete(id);
  }

  /** Frees the least recently used session that is expired or outside the window; false if none. */
  #evictOne(keep: string): boolean {
    const now = this.now();
    for (const [id, session] of this.#sessions) {
      if (id === keep) continue;
      const isExpired = [...session.entries.values()].every((entry) => entry.expiresAt <= now);
      if (!isExpired && now - session.writtenAt < this.protectMs) continue;
      if (!isExpired) this.#evictedLive += 1;
      return this.#sessions.delete(id);
    }
    return false;
  }
}
