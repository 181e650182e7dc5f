/** Releases a lock taken with tryLock. */
export type Unlock = () => Promise<void>;

/**
 * Where the coordinator keeps its sealed records (see chain-records.ts) until they expire, and
 * the lock that lets one server instance at a time rotate a given token. Values are opaque
 * sealed strings. In one process the memory store is enough; several instances share Redis.
 */
export interface RotationStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Atomically raises the integer at `key` to `value` (and its lifetime to `ttlMs`); a lower or
   * equal value changes nothing. Absent: the engine reads, then writes, which two instances can
   * interleave (a mark may then move back until the next use writes it again).
   */
  raise?(key: string, value: number, ttlMs: number): Promise<void>;
  /** null when another instance holds the lock; the lock lapses after `ttlMs` if never released. */
  tryLock(key: string, ttlMs: number): Promise<Unlock | null>;
  /** Resolves when the lock on `key` is released, or after `maxMs`; absent: callers poll. */
  waitForUnlock?(key: string, maxMs: number): Promise<void>;
}
