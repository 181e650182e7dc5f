import { z } from "zod";
import { tokenPairSchema } from "@/lib/engine/session/session-data";
import type { RotationStore } from "./rotation-store";

/** What a rotated refresh token leads to: stored under the keyed hash of the rotated token. */
const rotationSchema = z.object({
  successorKey: z.string(),
  successor: tokenPairSchema,
  rotatedAt: z.number(),
  chainId: z.string().optional(),
});
export type Rotation = z.infer<typeof rotationSchema>;

/** The newest pair of a sign-in's chain of rotations. */
const newestSchema = z.object({ newest: tokenPairSchema, rotatedAt: z.number() });
export type ChainNewest = z.infer<typeof newestSchema>;

/** Written once when a chain ends (sign-out, reuse detected, a session limit); never overwritten. */
const endSchema = z.object({
  endedAt: z.number(),
  reason: z.enum(["sign_out", "reuse_detected", "session_limit", "idle_timeout"]),
});
export type ChainEnd = z.infer<typeof endSchema>;

export type RecordDeps = {
  store: RotationStore;
  /** Keyed hash: the store never sees a raw token or chain id. */
  hash: (value: string) => string;
  /** Seals a whole record bound to its store key; `open` returns null if it does not open. */
  seal: (record: unknown, storeKey: string) => string;
  open: (sealed: string, storeKey: string) => unknown;
};

/** Typed, sealed records over the store. A record that does not open is treated as absent. */
export function createChainRecords({ store, hash, seal, open }: RecordDeps) {
  async function read<T>(storeKey: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const sealed = await store.get(storeKey);
    if (sealed === undefined) return undefined;
    const parsed = schema.safeParse(open(sealed, storeKey));
    return parsed.success ? parsed.data : undefined;
  }
  const write = (storeKey: string, record: unknown, ttlMs: number) =>
    store.set(storeKey, seal(record, storeKey), ttlMs);
  const chainKey = (chainId: string) => hash(`chain:${chainId}`);

  return {
    tokenKey: (refreshToken: string) => hash(refreshToken),
    /** The chain's keyed hash: also what logs and metrics may name it by. */
    chainKey,
    getRotation: (tokenKey: string) => read(`rotation:${tokenKey}`, rotationSchema),
    setRotation: (tokenKey: string, rotation: Rotation, ttlMs: number) =>
      write(`rotation:${tokenKey}`, rotation, ttlMs),
    getNewest: (chainId: string) => read(`chain:${chainKey(chainId)}`, newestSchema),
    setNewest: (chainId: string, record: ChainNewest, ttlMs: number) =>
      write(`chain:${chainKey(chainId)}`, record, ttlMs),
    getEnd: (chainId: string) => read(`ended:${chainKey(chainId)}`, endSchema),
    setEnd: (chainId: string, record: ChainEnd, ttlMs: number) =>
      write(`ended:${chainKey(chainId)}`, record, ttlMs),
    tryLock: (tokenKey: string, ttlMs: number) => store.tryLock(tokenKey, ttlMs),
  };
}

export type ChainRecords = ReturnType<typeof createChainRecords>;
