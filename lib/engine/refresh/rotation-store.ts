/** Releases a lock taken with tryLock. */
export type Unlock = () => Promise<void>;

/** A lock and the value of the key read with it: nobody wrote that key since the lock was taken. */
export type LockWithRead = {
  unlock: Unlock;
  value: string | undefined;
  /**
   * Writes the read key, then reads `unlessKey`, in one step: absent, the lock is released in
   * that step too (its announcement carries the new value, and unlock() then does nothing);
   * present, the lock stays held. Resolves to `unlessKey`'s value.
   */
  writeThenUnlock(value: string, ttlMs: number, unlessKey: string): Promise<string | undefined>;
};

/**
 * Where the coordinator keeps its sealed records (see chain-records.ts) until they expire, and
 * the lock that lets one server instance at a time rotate a given token. Values are opaque
 * sealed strings. In one process the memory store is enough; several instances share Redis.
 * The optional methods save round trips to a remote store; without them the engine sends the
 * same commands one by one.
 */
export interface RotationStore {
  get(key: string): Promise<string | undefined>;
  /**
   * Several keys of one chain (one hash tag: one Redis Cluster slot) read in one step, in order.
   * Absent: the engine reads them one by one, and only those it needs.
   */
  getAll?(keys: readonly string[]): Promise<(string | undefined)[]>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Atomically raises the integer at `key` to `value` (and its lifetime to `ttlMs`); a lower or
   * equal value changes nothing. Absent: the engine reads, then writes, which two instances can
   * interleave (a mark may then move back until the next use writes it again).
   */
  raise?(key: string, value: number, ttlMs: number): Promise<void>;
  /** null when another instance holds the lock; the lock lapses after `ttlMs` if never released. */
  tryLock(key: string, ttlMs: number): Promise<Unlock | null>;
  /**
   * tryLock, and when the lock is taken, `readKey` read in the same step; its release announces
   * that key's value then to the waiters (see waitForUnlock).
   */
  tryLockThenGet?(key: string, ttlMs: number, readKey: string): Promise<LockWithRead | null>;
  /**
   * Resolves when the lock on `key` is released, or after `maxMs`; absent: callers poll. With
   * `{ value }`, `readKey`'s value once the lock was gone (a tryLockThenGet lock's release
   * carries it); nothing on a timeout, or from a holder that did not read.
   */
  waitForUnlock?(
    key: string,
    maxMs: number,
    readKey?: string,
  ): Promise<{ value: string | undefined } | void>;
  /**
   * Lets go of its connections once the commands already sent are answered; any call after it
   * fails. The engine calls it on the store of an engine that new settings replaced.
   */
  close?(): Promise<void>;
}
