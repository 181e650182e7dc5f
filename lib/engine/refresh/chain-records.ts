import { z } from "zod";
import { tokenPairSchema } from "@/lib/engine/session/session-data";
import type { RotationStore, Unlock } from "./rotation-store";

/** Rotated tokens kept per chain; older ones are found by their generation (see chain-position). */
export const MAX_ROTATED_KEPT = 16;

const generation = z.number().int().nonnegative();

/** A refresh token of the chain that was rotated: its keyed hash and when it was rotated. */
const rotatedSchema = z.object({ generation, key: z.string(), rotatedAt: z.number() });
export type RotatedToken = z.infer<typeof rotatedSchema>;

/**
 * One record per chain, overwritten on each rotation: the newest pair (generation n) and the
 * tokens rotated inside the reuse window, newest first, always with generation n - 1.
 */
const chainSchema = z.object({
  head: z.object({ generation, pair: tokenPairSchema, key: z.string(), rotatedAt: z.number() }),
  rotated: z.array(rotatedSchema).max(MAX_ROTATED_KEPT),
});
export type ChainState = z.infer<typeof chainSchema>;

/** Written once when a chain ends (sign-out, reuse detected, a session limit); never overwritten. */
const endSchema = z.object({
  endedAt: z.number(),
  reason: z.enum(["sign_out", "reuse_detected", "session_limit", "idle_timeout"]),
});
export type ChainEnd = z.infer<typeof endSchema>;

/** A chain's end mark, and its record, read with the mark or on the first call (then kept). */
export type EndThenChain = {
  end: ChainEnd | undefined;
  chain: () => Promise<ChainState | undefined>;
};

/** The first call's promise, kept for every later call. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= read());
}

/** Whether the chain had ended once its record was written, or why that could not be read. */
export type EndAfterWrite = { isEnded: boolean } | { error: unknown };

/**
 * A lock held on a token, and the chain's record as it stood once the lock was held.
 * `writeChain` writes the chain's new record (throws if that fails), then reads whether the chain
 * ended; where the store can, in one step that also releases the lock unless it ended, so
 * waiters elsewhere wake as the record lands. unlock() releases it otherwise (idempotent).
 */
export type HeldLock = {
  unlock: Unlock;
  chain: ChainState | undefined;
  writeChain(record: ChainState, ttlMs: number): Promise<EndAfterWrite>;
};

export type RecordDeps = {
  store: RotationStore;
  /** Keyed hash: the store never sees a raw token or chain id. */
  hash: (value: string) => string;
  /** The same value's keyed hashes under previous secrets: lookups fall back to them. */
  previousHashes?: (value: string) => string[];
  /** Seals a whole record bound to its store key; `open` returns null if it does not open. */
  seal: (record: unknown, storeKey: string) => string;
  open: (sealed: string, storeKey: string) => unknown;
};

/**
 * Typed, sealed records over the store, at most three keys per chain, all hash-tagged with the
 * chain so a Redis Cluster keeps them on one slot. A record that does not open is absent. The
 * seen mark is a plain integer, so the store can raise it atomically (its key is still a keyed
 * hash; a forged one could only end the chain, which deleting its records does anyway).
 */
export function createChainRecords({ store, hash, previousHashes, seal, open }: RecordDeps) {
  function parse<T>(storeKey: string, sealed: string | undefined, schema: z.ZodType<T>) {
    if (sealed === undefined) return undefined;
    const parsed = schema.safeParse(open(sealed, storeKey));
    return parsed.success ? parsed.data : undefined;
  }
  const read = async <T>(storeKey: string, schema: z.ZodType<T>): Promise<T | undefined> =>
    parse(storeKey, await store.get(storeKey), schema);
  const write = (storeKey: string, record: unknown, ttlMs: number) =>
    store.set(storeKey, seal(record, storeKey), ttlMs);
  const chainKey = (chainId: string) => hash(`chain:${chainId}`);
  const tag = (chainId: string) => `{${chainKey(chainId)}}`;
  const hashes = (value: string) => [hash(value), ...(previousHashes?.(value) ?? [])];
  /** The chain's record; under several secrets (a rolling change), the newest generation. */
  async function getChain(chainId: string): Promise<ChainState | undefined> {
    let newest: ChainState | undefined;
    for (const chainHash of hashes(`chain:${chainId}`)) {
      const record = await read(`chain:{${chainHash}}`, chainSchema);
      if (record && (!newest || record.head.generation > newest.head.generation)) newest = record;
    }
    return newest;
  }
  /** With previous secrets, records and locks span several hash tags: no single step reads them. */
  const isOneSecret = (chainId: string) => hashes(`chain:${chainId}`).length === 1;
  /** Current secret first; a record written under a previous one is found until rewritten. */
  async function readChain<T>(kind: string, chainId: string, schema: z.ZodType<T>) {
    for (const chainHash of hashes(`chain:${chainId}`)) {
      const record = await read(`${kind}:{${chainHash}}`, schema);
      if (record !== undefined) return record;
    }
    return undefined;
  }

  return {
    tokenKey: (refreshToken: string) => hash(refreshToken),
    /** A token's keys under every secret: records from before a secret rotation name the old one. */
    tokenKeys: (refreshToken: string) => hashes(refreshToken),
    /** The chain's keyed hash: also what logs and metrics may name it by. */
    chainKey,
    getChain,
    setChain: (chainId: string, record: ChainState, ttlMs: number) =>
      write(`chain:${tag(chainId)}`, record, ttlMs),
    /** The newest generation known to have reached the browser (under any secret), or -1. */
    async getSeen(chainId: string): Promise<number> {
      let newest = -1;
      for (const chainHash of hashes(`chain:${chainId}`)) {
        const generation = Number.parseInt((await store.get(`seen:{${chainHash}}`)) ?? "", 10);
        if (generation > newest) newest = generation;
      }
      return newest;
    },
    /** Raises the seen mark to `generation`; never lowers it where the store can say so. */
    async raiseSeen(chainId: string, generation: number, ttlMs: number): Promise<void> {
      const key = `seen:${tag(chainId)}`;
      if (store.raise) return store.raise(key, generation, ttlMs);
      const current = Number.parseInt((await store.get(key)) ?? "", 10);
      if (!(current >= generation)) await store.set(key, String(generation), ttlMs);
    },
    getEnd: (chainId: string) => readChain("ended", chainId, endSchema),
    /**
     * What a refresh reads first: the chain's end mark, and its record when asked for. Both in
     * one step where the store can (the record then opened only if asked for); else the record
     * is read on the first ask.
     */
    async getEndThenChain(chainId: string): Promise<EndThenChain> {
      if (store.getAll && isOneSecret(chainId)) {
        const [endKey, storeKey] = [`ended:${tag(chainId)}`, `chain:${tag(chainId)}`];
        const [end, chain] = await store.getAll([endKey, storeKey]);
        return {
          end: parse(endKey, end, endSchema),
          chain: once(async () => parse(storeKey, chain, chainSchema)),
        };
      }
      const end = await readChain("ended", chainId, endSchema);
      return { end, chain: once(() => getChain(chainId)) };
    },
    setEnd: (chainId: string, record: ChainEnd, ttlMs: number) =>
      write(`ended:${tag(chainId)}`, record, ttlMs),
    /**
     * Single flight across instances, per token: one lock under every secret this instance knows,
     * taken in one order (sorted), so during a rolling secret change an instance on the old
     * secret and one on the new share the old secret's lock. Each key's tag keeps it on its
     * chain's slot. Busy: the key another instance holds, to wait on. Held: the chain's record as
     * it stands under the lock, read with the lock in one step where the store can (see HeldLock).
     */
    async tryLock(
      chainId: string,
      refreshToken: string,
      ttlMs: number,
    ): Promise<HeldLock | { busy: string }> {
      const storeKey = `chain:${tag(chainId)}`;
      /** Written, then the end mark read: a sign-out that marked the chain before is seen. */
      const writeThenReadEnd = async (record: ChainState, ttl: number): Promise<EndAfterWrite> => {
        await write(storeKey, record, ttl);
        return readChain("ended", chainId, endSchema).then(
          (end) => ({ isEnded: end !== undefined }),
          (error: unknown) => ({ error }),
        );
      };
      if (store.tryLockThenGet && isOneSecret(chainId)) {
        const key = `${tag(chainId)}:${hash(refreshToken)}`;
        const held = await store.tryLockThenGet(key, ttlMs, storeKey);
        if (!held) return { busy: key };
        const endKey = `ended:${tag(chainId)}`;
        return {
          unlock: held.unlock,
          chain: parse(storeKey, held.value, chainSchema),
          async writeChain(record, ttl) {
            if (ttl <= 0) return writeThenReadEnd(record, ttl);
            const end = await held.writeThenUnlock(seal(record, storeKey), ttl, endKey);
            return { isEnded: parse(endKey, end, endSchema) !== undefined };
          },
        };
      }
      const tokenHashes = hashes(refreshToken);
      const keys = hashes(`chain:${chainId}`)
        .map((chainHash, i) => `{${chainHash}}:${tokenHashes[i]}`)
        .sort();
      const held: Unlock[] = [];
      const unlock = async () => {
        await Promise.all(held.splice(0).map((release) => release()));
      };
      for (const key of keys) {
        const release = await store.tryLock(key, ttlMs).catch(async (error: unknown) => {
          await unlock().catch(() => undefined);
          throw error;
        });
        if (!release) {
          await unlock();
          return { busy: key };
        }
        held.push(release);
      }
      try {
        return { unlock, chain: await getChain(chainId), writeChain: writeThenReadEnd };
      } catch (error) {
        await unlock().catch(() => undefined);
        throw error;
      }
    },
    /**
     * Until that lock is released (woken by the store if it can tell), at most `maxMs`. With the
     * chain's record as the release announced it, when it did: `{ chain }`; else read it anew.
     */
    async waitForUnlock(
      chainId: string,
      key: string,
      maxMs: number,
    ): Promise<{ chain: ChainState | undefined } | undefined> {
      if (!store.waitForUnlock) {
        await new Promise<void>((resolve) => setTimeout(resolve, maxMs));
        return undefined;
      }
      // Only a one-secret lock guards one record (see tryLock above).
      if (!isOneSecret(chainId)) return void (await store.waitForUnlock(key, maxMs));
      const storeKey = `chain:${tag(chainId)}`;
      const announced = await store.waitForUnlock(key, maxMs, storeKey);
      return announced ? { chain: parse(storeKey, announced.value, chainSchema) } : undefined;
    },
  };
}

export type ChainRecords = ReturnType<typeof createChainRecords>;
