/**
 * What the coordinator remembers about one rotated refresh token, under the token's keyed hash.
 * `successor` is the sealed (encrypted) token pair Django answered with.
 */
export type Rotation = {
  successorKey: string;
  successor: string;
  rotatedAt: number;
};

/** Releases a lock taken with tryLock. */
export type Unlock = () => Promise<void>;

/**
 * Where rotations are kept until the successor's refresh token expires, and the lock that lets
 * one server instance at a time rotate a given token. In one process the memory store is enough;
 * several instances share the Redis store.
 */
export interface RotationStore {
  get(key: string): Promise<Rotation | undefined>;
  set(key: string, rotation: Rotation, ttlMs: number): Promise<void>;
  /** null when another instance holds the lock; the lock lapses after `ttlMs` if never released. */
  tryLock(key: string, ttlMs: number): Promise<Unlock | null>;
}
