/**
 * What the coordinator remembers about one rotated refresh token, under the token's keyed hash.
 * `successor` is the sealed (encrypted) token pair Django answered with.
 */
export type Rotation = {
  successorKey: string;
  successor: string;
  rotatedAt: number;
};

/**
 * Where rotations are kept until the successor's refresh token expires. In one process the memory
 * store is enough; several server instances need a shared one.
 */
export interface RotationStore {
  get(key: string): Promise<Rotation | undefined>;
  set(key: string, rotation: Rotation, ttlMs: number): Promise<void>;
}
