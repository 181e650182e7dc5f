import { createClient } from "@redis/client";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TokenPair } from "@/lib/engine/session/session-data";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { openedStores } from "./redis-test-kit";
import { freePort, startRedisServer, stopProcess } from "@/tests/support/redis-process";
import { createRefreshCoordinator, type RefreshRequest } from "./refresh-coordinator";
import { hashForStore, openRecord, sealRecord } from "./coordinator-test-kit";

const SESSIONS = 40;
const ROTATIONS = 20;
const MINUTE = 60_000;
let server: ChildProcess | undefined;
let url = "";

beforeAll(async () => {
  if (!shouldTestWithRedis) return;
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  server = await startRedisServer(port);
});
const stores = openedStores();

afterAll(async () => {
  await stores.closeAll();
  if (server) await stopProcess(server);
});

// Access tokens a little over the reuse window old, so every refresh rotates: the worst case.
function issue(refreshToken: string, at: number): TokenPair {
  return {
    accessToken: `${"a".repeat(220)}.${refreshToken}`,
    refreshToken: `${"r".repeat(220)}.${refreshToken}`,
    accessExpires: at + 5 * MINUTE,
    refreshExpires: at + 24 * 60 * MINUTE,
  };
}

/** Every key Redis holds, and `MEMORY USAGE` summed over them. */
async function measure() {
  const client = createClient({ url });
  await client.connect();
  const keys = await client.keys("*");
  const bytes = await Promise.all(keys.map((key) => client.memoryUsage(key)));
  await client.close();
  return { keys: keys.length, bytes: bytes.reduce<number>((sum, n) => sum + (n ?? 0), 0) };
}

describe.runIf(shouldTestWithRedis)("what the store holds per session", () => {
  it(`stays constant: ${SESSIONS} sessions × ${ROTATIONS} rotations, ≤ 4 kB and ≤ 3 keys each`, async () => {
    let now = Date.now();
    let issued = 0;
    const coordinator = createRefreshCoordinator({
      store: stores.open(url),
      rotate: async () => ({ kind: "rotated", pair: issue(`R${(issued += 1)}`, now) }),
      revoke: async () => undefined,
      hash: hashForStore,
      seal: sealRecord,
      open: openRecord,
      reuseWindowMs: 30_000,
      reuseDetection: "revoke",
      callerWaitMs: 5_000,
      lockTtlMs: 10_000,
      now: () => now,
    });
    const cookies: RefreshRequest[] = Array.from({ length: SESSIONS }, (_, i) => ({
      pair: issue(`S${i}`, now - 10 * MINUTE),
      chainId: `footprint-chain-${i}-0123456789`,
    }));
    const perSession: Array<{ keys: number; bytes: number }> = [];
    for (let round = 1; round <= ROTATIONS; round++) {
      now += 10 * MINUTE; // Each access token is spent by the next round.
      await Promise.all(
        cookies.map(async (cookie, i) => {
          const outcome = await coordinator.refresh(cookie);
          if (!outcome.ok || outcome.status !== "refreshed") throw new Error(`no rotation ${i}`);
          // Every session also used its new access token once (its seen mark).
          const next = { ...cookie, pair: outcome.pair, generation: outcome.generation };
          await coordinator.markSeen(next);
          cookies[i] = next;
        }),
      );
      if (round === 2 || round === ROTATIONS) {
        const { keys, bytes } = await measure();
        perSession.push({ keys: keys / SESSIONS, bytes: bytes / SESSIONS });
      }
    }
    console.info(`store per session after 2 and ${ROTATIONS} rotations:`, perSession);
    const [early, late] = perSession;
    expect(late!.keys).toBeLessThanOrEqual(3);
    expect(late!.bytes).toBeLessThanOrEqual(4_096);
    // Constant: twenty rotations cost what two did, within a record's rounding.
    expect(late!.bytes).toBeLessThanOrEqual(early!.bytes * 1.1);
  }, 60_000);
});
